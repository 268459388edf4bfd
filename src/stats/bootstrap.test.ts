import { describe, expect, it } from 'vitest';
import { bootstrapMeanCi, mulberry32, quantileSorted } from './bootstrap.ts';

describe('bootstrapMeanCi', () => {
  it('is reproducible for a seed and brackets the mean', () => {
    const xs = [0, 1, 1, 0, 1, 1, 1, 0, 1, 1];
    const a = bootstrapMeanCi(xs, { seed: 7 });
    const b = bootstrapMeanCi(xs, { seed: 7 });
    expect(a).toEqual(b);
    expect(a.mean).toBeCloseTo(0.7, 12);
    expect(a.low).toBeLessThan(0.7);
    expect(a.high).toBeGreaterThan(0.7);
    // The bootstrap sd of a mean of 10 Bernoulli(0.7) values is sqrt(0.21/10) ≈ 0.145: a 95 % interval is ≈ ±0.28.
    expect(a.high - a.low).toBeGreaterThan(0.4);
    expect(a.high - a.low).toBeLessThan(0.7);
  });

  it('collapses for constant values and a single value; drops NaN; empty → NaN', () => {
    expect(bootstrapMeanCi([0.5, 0.5, 0.5])).toEqual({ mean: 0.5, low: 0.5, high: 0.5, n: 3 });
    expect(bootstrapMeanCi([0.25, Number.NaN])).toEqual({ mean: 0.25, low: 0.25, high: 0.25, n: 1 });
    expect(bootstrapMeanCi([]).n).toBe(0);
    expect(Number.isNaN(bootstrapMeanCi([]).mean)).toBe(true);
  });

  it('quantiles interpolate between order statistics (type 7)', () => {
    // positions (n−1)·q: 3·0.5 = 1.5 → halfway between 2 and 3; 3·0.25 = 0.75 → 1 + 0.75·(2 − 1)
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });

  it('mulberry32 yields floats in [0, 1), deterministic per seed', () => {
    const r = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => r());
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(42)()).toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });
});
