import { describe, expect, it } from 'vitest';
import type { EvalCase, Score, TargetResponse } from '../core/types.ts';
import { ctx, kase, out } from './_test-kit.ts';
import { type ContainsOptions, containsScorer } from './contains.ts';

const run = (o: Omit<ContainsOptions, 'type'>, c: EvalCase, r: TargetResponse) =>
  containsScorer.create({ type: 'contains', ...o }, { baseDir: '.' }).score(c, r, ctx) as Score[];

describe('contains scorer', () => {
  it('defaults to {{expected}}, case-insensitive', () => {
    const scores = run({}, kase('30 Days'), out('Refunds are accepted within 30 days of purchase.'));
    expect(scores).toEqual([{ metric: 'contains', value: 1, pass: true }]);
  });

  it('misses with a reason; case-sensitive when asked', () => {
    expect(run({ caseSensitive: true }, kase('30 Days'), out('within 30 days'))).toEqual([
      { metric: 'contains', value: 0, pass: false, reason: 'output does not contain "30 Days"' },
    ]);
  });

  it('renders a template over the vars without HTML escaping', () => {
    const c = kase(undefined, { plan: 'Pro & Team', price: '<$20>' });
    expect(
      run({ value: '{{plan}} costs {{price}}' }, c, out('The Pro & Team costs <$20> a month')),
    ).toMatchObject([{ value: 1, pass: true }]);
  });

  it('scores 0 when the rendered value is empty (missing expected)', () => {
    expect(run({}, kase(undefined), out('anything'))).toEqual([
      { metric: 'contains', value: 0, pass: false, reason: 'value "{{expected}}" rendered empty' },
    ]);
  });

  it('values with mode all gives the fraction contained; threshold decides pass', () => {
    const r = out('We ship to Canada and Mexico.');
    const values = ['canada', 'mexico', 'brazil', 'chile'];
    expect(run({ values }, kase(undefined), r)).toEqual([
      { metric: 'contains', value: 0.5, pass: false, reason: 'output lacks 2 of 4: "brazil", "chile"' },
    ]);
    expect(run({ values, threshold: 0.5 }, kase(undefined), r)).toMatchObject([{ value: 0.5, pass: true }]);
  });

  it('values with mode any gives 1 when one is contained', () => {
    expect(run({ values: ['brazil', 'MEXICO'], mode: 'any' }, kase(undefined), out('mexico'))).toEqual([
      { metric: 'contains', value: 1, pass: true },
    ]);
    expect(run({ values: ['a1', 'b2'], mode: 'any' }, kase(undefined), out('c3'))).toEqual([
      { metric: 'contains', value: 0, pass: false, reason: 'output contains none of "a1", "b2"' },
    ]);
  });

  it('uses its name as metric and handles missing output', () => {
    expect(run({ name: 'mentions_sla' }, kase('99.9%'), out(undefined))).toEqual([
      { metric: 'mentions_sla', value: 0, pass: false, reason: 'no output text' },
    ]);
  });

  it('schema rejects bad templates, value+values, and mode without values', () => {
    const bad = containsScorer.optionsSchema.safeParse({ type: 'contains', value: '{{#if x}}open' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['value']);
    expect(bad.error?.issues[0]?.message).toMatch(/^invalid Handlebars template: /);
    expect(
      containsScorer.optionsSchema.safeParse({ type: 'contains', value: 'a', values: ['b'] }).success,
    ).toBe(false);
    expect(containsScorer.optionsSchema.safeParse({ type: 'contains', mode: 'any' }).success).toBe(false);
    expect(
      containsScorer.optionsSchema.safeParse({ type: 'contains', values: ['{{x}}'], mode: 'any' }).success,
    ).toBe(true);
  });
});
