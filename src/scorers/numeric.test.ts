import { describe, expect, it } from 'vitest';
import type { EvalCase, Score, TargetResponse } from '../core/types.ts';
import { ctx, kase, out } from './_test-kit.ts';
import { type NumericOptions, numericScorer, parseFirstNumber, withinTolerance } from './numeric.ts';

const run = (o: Omit<NumericOptions, 'type'>, c: EvalCase, r: TargetResponse) =>
  numericScorer.create({ type: 'numeric', ...o }, { baseDir: '.' }).score(c, r, ctx) as Score[];

describe('parseFirstNumber', () => {
  it.each([
    ['The total is $1,299.50 including tax', 1299.5],
    ['-42 degrees', -42],
    ['balance: -$3.25', -3.25],
    ['1,234,567 users', 1234567],
    ['about .5 of them', 0.5],
    ['COVID-19 policy', 19],
    ['speed 3e2 m/s', 300],
    ['€ 12', 12],
    ['version 2 of 3', 2],
  ])('%s → %d', (text, value) => {
    expect(parseFirstNumber(text)).toBe(value);
  });

  it('returns undefined without digits', () => {
    expect(parseFirstNumber('no numbers here')).toBeUndefined();
  });
});

describe('withinTolerance', () => {
  it('absolute tolerance absorbs float noise (1.01 vs 1.00 ± 0.01)', () => {
    expect(withinTolerance(1.01, 1, 0.01, false)).toBe(true);
    expect(withinTolerance(1.02, 1, 0.01, false)).toBe(false);
  });
  it('relative tolerance scales with |expected|', () => {
    // 5% of 200 = 10: 209 is inside, 211 is outside.
    expect(withinTolerance(209, 200, 0.05, true)).toBe(true);
    expect(withinTolerance(211, 200, 0.05, true)).toBe(false);
    expect(withinTolerance(-209, -200, 0.05, true)).toBe(true);
  });
});

describe('numeric scorer', () => {
  it('matches "$1,299.50" against expected "1299.5" exactly', () => {
    expect(run({}, kase('1299.5'), out('It costs $1,299.50.'))).toEqual([
      { metric: 'numeric', value: 1, pass: true, reason: 'output 1299.5 vs expected 1299.5: |diff| 0 ≤ 0' },
    ]);
  });

  it('reports both numbers when outside tolerance', () => {
    expect(run({ tolerance: 0.05, relative: true }, kase('200'), out('roughly 211 items'))).toEqual([
      {
        metric: 'numeric',
        value: 0,
        pass: false,
        reason: 'output 211 vs expected 200: |diff| 11 > 0.05 × |expected|',
      },
    ]);
    expect(run({ tolerance: 0.05, relative: true }, kase('200'), out('roughly 209 items'))).toMatchObject([
      { value: 1, pass: true },
    ]);
  });

  it('absolute tolerance', () => {
    expect(run({ tolerance: 0.5 }, kase('$10'), out('10.4 dollars'))).toMatchObject([
      { value: 1, pass: true },
    ]);
    expect(run({ tolerance: 0.5 }, kase('$10'), out('10.6 dollars'))).toMatchObject([
      { value: 0, pass: false },
    ]);
  });

  it('reads another field and uses the scorer name', () => {
    expect(run({ name: 'qty', field: 'qty' }, kase(undefined, { qty: 3 }), out('3 boxes'))).toMatchObject([
      { metric: 'qty', value: 1 },
    ]);
  });

  it('0 with a reason when output or expected holds no number, or output is missing', () => {
    expect(run({}, kase('7'), out('seven'))).toEqual([
      { metric: 'numeric', value: 0, pass: false, reason: 'no number in output "seven" (expected 7)' },
    ]);
    expect(run({}, kase('n/a'), out('7'))).toMatchObject([
      { value: 0, reason: 'expected value "n/a" holds no number' },
    ]);
    expect(run({}, kase(undefined), out('7'))).toMatchObject([{ value: 0 }]);
    expect(run({}, kase('7'), out(undefined))).toMatchObject([{ value: 0, reason: 'no output text' }]);
  });
});
