import { describe, expect, it } from 'vitest';
import { mulberry32, quantileSorted } from './bootstrap.ts';
import { binomialCdfHalf, chiSquare1Sf, mcnemar, mcnemarFromPairs, pairedBootstrapCi } from './paired.ts';

describe('pairedBootstrapCi', () => {
  const base = [0.2, 0.5, 0.9, 0.4, 0.7];
  const cand = [0.5, 0.4, 1.0, 0.8, 0.7];
  // differences: 0.3, −0.1, 0.1, 0.4, 0 → mean 0.7 / 5 = 0.14
  const diffs = [0.3, -0.1, 0.1, 0.4, 0];

  it('gives the percentile interval of B resampled pair means, drawn with the seeded PRNG', () => {
    const ci = pairedBootstrapCi(base, cand, { seed: 3, resamples: 50 });
    // The same computation by hand: 50 resamples of 5 pair indices floor(u·5) from mulberry32(3).
    const rand = mulberry32(3);
    const means: number[] = [];
    for (let b = 0; b < 50; b++) {
      let sum = 0;
      for (let i = 0; i < 5; i++) sum += diffs[Math.floor(rand() * 5)] as number;
      means.push(sum / 5);
    }
    means.sort((x, y) => x - y);
    // type-7 quantiles: position 49·0.025 = 1.225 and 49·0.975 = 47.775
    const low = means[1]! + 0.225 * (means[2]! - means[1]!);
    const high = means[47]! + 0.775 * (means[48]! - means[47]!);
    expect(ci.n).toBe(5);
    expect(ci.mean).toBeCloseTo(0.14, 12);
    expect(ci.low).toBeCloseTo(low, 12);
    expect(ci.high).toBeCloseTo(high, 12);
    expect(quantileSorted(means, 0.025)).toBeCloseTo(low, 12);
    // sanity: a resampled mean lies between the smallest and largest difference, and the interval holds the mean
    expect(ci.low).toBeGreaterThanOrEqual(-0.1);
    expect(ci.high).toBeLessThanOrEqual(0.4);
    expect(ci.low).toBeLessThan(0.14);
    expect(ci.high).toBeGreaterThan(0.14);
    expect(pairedBootstrapCi(base, cand, { seed: 3, resamples: 50 })).toEqual(ci);
  });

  it('drops pairs with a NaN side and rejects arrays of different length', () => {
    const ci = pairedBootstrapCi([1, Number.NaN, 0], [1, 1, Number.NaN]);
    expect(ci).toEqual({ mean: 0, low: 0, high: 0, n: 1 });
    expect(() => pairedBootstrapCi([1, 2], [1])).toThrow(/2 baseline vs 1 candidate/);
  });

  it('an identical candidate gives a zero-width interval at 0', () => {
    expect(pairedBootstrapCi(base, base)).toEqual({ mean: 0, low: 0, high: 0, n: 5 });
  });
});

describe('mcnemar', () => {
  it('exact two-sided binomial p below 25 discordant pairs: b=1, c=6 → 2·(1 + 7)/128 = 0.125', () => {
    expect(mcnemar(1, 6)).toEqual({ b: 1, c: 6, p: 0.125, method: 'exact' });
    expect(mcnemar(6, 1).p).toBe(0.125);
    // b = c = 3: 2·P(X ≤ 3 | n = 6) = 2·42/64 > 1 → capped at 1
    expect(mcnemar(3, 3).p).toBe(1);
    expect(mcnemar(0, 0)).toEqual({ b: 0, c: 0, p: 1, method: 'exact' });
    // b + c = 24 is still exact: 2·P(X ≤ 0 | n = 24) = 2 / 2^24
    expect(mcnemar(0, 24)).toMatchObject({ method: 'exact', p: 2 / 2 ** 24 });
  });

  it('continuity-corrected chi-square from 25 on: b=10, c=25 → (15 − 1)²/35 = 5.6 → p ≈ 0.0180', () => {
    const r = mcnemar(10, 25);
    expect(r.method).toBe('chi2');
    expect(r.statistic).toBeCloseTo(5.6, 12);
    expect(r.p).toBeCloseTo(0.017961, 5);
    expect(mcnemar(0, 25).method).toBe('chi2');
  });

  it('chi-square tail and binomial cdf match textbook values', () => {
    expect(chiSquare1Sf(3.841459)).toBeCloseTo(0.05, 6);
    expect(chiSquare1Sf(6.634897)).toBeCloseTo(0.01, 6);
    expect(chiSquare1Sf(0)).toBe(1);
    expect(binomialCdfHalf(1, 7)).toBe(8 / 128);
    expect(binomialCdfHalf(7, 7)).toBe(1);
  });

  it('counts discordant pairs from pass/fail pairs, skipping pairs without a verdict', () => {
    const r = mcnemarFromPairs([
      [true, false],
      [true, true],
      [false, true],
      [false, true],
      [false, false],
      [null, true],
      [true, null],
    ]);
    expect(r).toMatchObject({ b: 1, c: 2, method: 'exact' });
    expect(r.p).toBe(1); // 2·P(X ≤ 1 | n = 3) = 2·4/8
    expect(() => mcnemar(-1, 2)).toThrow(RangeError);
  });
});
