import { describe, expect, it } from 'vitest';
import type { EvalCase, Score, TargetResponse } from '../core/types.ts';
import { ctx, kase, out } from './_test-kit.ts';
import { type ExactOptions, exactScorer } from './exact.ts';

const run = (o: Omit<ExactOptions, 'type'>, c: EvalCase, r: TargetResponse) =>
  exactScorer.create({ type: 'exact', ...o }, { baseDir: '.' }).score(c, r, ctx) as Score[];

describe('exact scorer', () => {
  it('matches after trim and case folding by default', () => {
    expect(run({}, kase('Paris'), out('  paris\n'))).toEqual([{ metric: 'exact', value: 1, pass: true }]);
  });

  it('is case-sensitive when asked', () => {
    const [s] = run({ caseSensitive: true }, kase('Paris'), out('paris'));
    expect(s).toMatchObject({ metric: 'exact', value: 0, pass: false });
    expect(s?.reason).toBe('expected "Paris", got "paris"');
  });

  it('keeps surrounding whitespace significant with trim: false', () => {
    expect(run({ trim: false }, kase('Paris'), out('Paris '))).toMatchObject([{ value: 0, pass: false }]);
    expect(run({ trim: false }, kase('Paris'), out('PARIS'))).toMatchObject([{ value: 1, pass: true }]);
  });

  it('reads another field from the case vars and uses the scorer name as metric', () => {
    const scores = run({ name: 'city_exact', field: 'city' }, kase(undefined, { city: 'Oslo' }), out('OSLO'));
    expect(scores).toEqual([{ metric: 'city_exact', value: 1, pass: true }]);
  });

  it('stringifies non-string vars (a JSONL number)', () => {
    expect(run({ field: 'n' }, kase(undefined, { n: 42 }), out('42'))).toMatchObject([{ value: 1 }]);
  });

  it('falls back to vars.expected when the case has no expected', () => {
    expect(run({}, kase(undefined, { expected: 'yes' }), out('Yes'))).toMatchObject([{ value: 1 }]);
  });

  it('scores 0 with a reason when expected is missing or empty', () => {
    expect(run({}, kase(undefined), out('x'))).toEqual([
      { metric: 'exact', value: 0, pass: false, reason: 'case has no expected value in field "expected"' },
    ]);
    expect(run({}, kase(''), out(''))).toMatchObject([{ value: 0, pass: false }]);
  });

  it('scores 0 with "no output text" when the response has no text', () => {
    expect(run({}, kase('a'), out(undefined))).toEqual([
      { metric: 'exact', value: 0, pass: false, reason: 'no output text' },
    ]);
  });

  it('threshold 0 makes a miss pass (pass = value >= threshold)', () => {
    expect(run({ threshold: 0 }, kase('a'), out('b'))).toMatchObject([{ value: 0, pass: true }]);
  });

  it('schema is strict and lists one metric', () => {
    expect(exactScorer.optionsSchema.safeParse({ type: 'exact', casesensitive: true }).success).toBe(false);
    expect(exactScorer.optionsSchema.safeParse({ type: 'exact', threshold: 1.5 }).success).toBe(false);
    expect(exactScorer.metrics({ type: 'exact' })).toEqual(['exact']);
  });
});
