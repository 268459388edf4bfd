import { describe, expect, it } from 'vitest';
import type { Score, TargetResponse } from '../core/types.ts';
import { ctx, kase } from './_test-kit.ts';
import { createScorers } from './registry.ts';
import { type RoutingOptions, routingScorer } from './routing.ts';

const routed = (tier: string, by = 'rule'): TargetResponse => ({
  text: 'answer',
  timing: { latencyMs: 5 },
  raw: { route: { tier, model: 'amazon.nova-pro-v1:0', by } },
});

const run = (o: Omit<RoutingOptions, 'type'>, vars: Record<string, unknown>, r: TargetResponse) =>
  routingScorer
    .create({ type: 'routing', ...o }, { baseDir: '.' })
    .score(kase(undefined, vars), r, ctx) as Score[];

describe('routing scorer', () => {
  it('1 when the routed tier equals the label (trimmed, case-insensitive), with predicted and expected', () => {
    expect(run({}, { tier: ' Complex ' }, routed('complex'))).toEqual([
      {
        metric: 'routing_accuracy',
        value: 1,
        pass: true,
        details: { predicted: 'complex', expected: 'Complex', by: 'rule' },
      },
    ]);
  });

  it('0 with a reason when routed elsewhere', () => {
    expect(run({}, { tier: 'simple' }, routed('complex', 'classifier'))).toEqual([
      {
        metric: 'routing_accuracy',
        value: 0,
        pass: false,
        reason: 'routed to "complex", labelled "simple"',
        details: { predicted: 'complex', expected: 'simple', by: 'classifier' },
      },
    ]);
  });

  it('no score for unrouted responses or unlabelled cases', () => {
    expect(run({}, { tier: 'simple' }, { text: 'x', timing: { latencyMs: 1 }, raw: { usage: {} } })).toEqual(
      [],
    );
    expect(run({}, { tier: '' }, routed('simple'))).toEqual([]);
    expect(run({}, {}, routed('simple'))).toEqual([]);
  });

  it('reads another label column and uses its name as the metric', () => {
    expect(
      run({ field: 'difficulty', name: 'route_ok' }, { difficulty: 'simple' }, routed('simple')),
    ).toMatchObject([{ metric: 'route_ok', value: 1 }]);
  });

  it('is registered: a suite builds it by type and it grades routed answers without text too', async () => {
    const [scorer] = createScorers([{ type: 'routing' }], { baseDir: '.' });
    const noText: TargetResponse = { timing: { latencyMs: 1 }, raw: { route: { tier: 'simple' } } };
    expect(await scorer?.score(kase(undefined, { tier: 'simple' }), noText, ctx)).toMatchObject([
      { metric: 'routing_accuracy', value: 1 },
    ]);
  });
});
