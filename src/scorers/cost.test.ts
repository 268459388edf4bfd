import { describe, expect, it } from 'vitest';
import type { EvalCase, TargetResponse } from '../core/types.ts';
import { costScorer, hardwareCostUsd } from './cost.ts';

const evalCase: EvalCase = { id: 'c1', source: { file: 'x.csv', row: 2 }, vars: {} };
const scorer = costScorer.create({ type: 'cost', max: 0.0001 }, {} as never);
const ctx = { targetId: 't', modelId: 'sagemaker/acme-support/canary' };

describe('cost of hardware-priced endpoints (instance-hours)', () => {
  it('latencyMs / 3,600,000 × pricePerHour × instanceCount / concurrency', () => {
    // 360 ms of a 2-instance fleet at $2.36/h, 4 calls in flight: 0.0001 h × 4.72 $/h / 4 = $0.000118
    expect(hardwareCostUsd(360, { pricePerHour: 2.36, instanceCount: 2, concurrency: 4 })).toBe(0.000118);
    // one call at a time holds the whole fleet: 1 s of $3.6/h = $0.001
    expect(hardwareCostUsd(1000, { pricePerHour: 3.6, instanceCount: 1, concurrency: 1 })).toBe(0.001);
  });

  it('the scorer prefers raw.hardware over token prices and records the rule', async () => {
    const response: TargetResponse = {
      text: 'x',
      usage: { inputTokens: 1000, outputTokens: 1000, totalTokens: 2000 },
      timing: { latencyMs: 360 },
      raw: {
        hardware: { instanceType: 'ml.inf2.xlarge', pricePerHour: 2.36, instanceCount: 2, concurrency: 4 },
      },
    };
    const scores = await scorer.score(evalCase, response, {
      ...ctx,
      price: { inputPer1k: 1, outputPer1k: 1 },
    });
    expect(scores).toEqual([
      {
        metric: 'cost_usd',
        value: 0.000118,
        pass: false,
        reason: '0.000118 USD > max 0.0001 USD',
        details: {
          rule: 'instance-hours',
          instanceType: 'ml.inf2.xlarge',
          pricePerHour: 2.36,
          instanceCount: 2,
          concurrency: 4,
          latencyMs: 360,
        },
      },
    ]);
  });

  it('without a price per hour (and no token price) there is no cost score', async () => {
    const response: TargetResponse = {
      text: 'x',
      timing: { latencyMs: 360 },
      raw: { hardware: { instanceCount: 1 } },
    };
    expect(await scorer.score(evalCase, response, ctx)).toEqual([]);
  });
});
