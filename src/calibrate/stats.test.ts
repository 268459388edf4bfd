import { describe, expect, it } from 'vitest';
import { accuracy, averageRanks, cohenKappa, pearson, spearman } from './stats.ts';

describe('accuracy and Cohen’s kappa', () => {
  it('reproduces the textbook 2×2 example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → p_o 0.7, p_e 0.5, κ 0.4', () => {
    const a = [...Array(25).fill('yes'), ...Array(25).fill('no')];
    const b = [
      ...Array(20).fill('yes'),
      ...Array(5).fill('no'),
      ...Array(10).fill('yes'),
      ...Array(15).fill('no'),
    ];
    expect(accuracy(a, b)).toBeCloseTo(0.7, 12);
    expect(cohenKappa(a, b, ['yes', 'no'])).toBeCloseTo(0.4, 12);
  });

  // O = [[2,0,0],[1,1,1],[0,1,2]] (rows: rater a, cols: rater b); row totals 2,3,3; column totals 3,2,3; n = 8.
  const a = [1, 2, 3, 3, 2, 1, 3, 2];
  const b = [1, 3, 3, 2, 2, 1, 3, 1];
  it('unweighted on an ordinal 3-point scale: (5/8 − 21/64)/(1 − 21/64) = 19/43', () => {
    expect(cohenKappa(a, b, [1, 2, 3])).toBeCloseTo(19 / 43, 12);
  });
  it('linear weights: 1 − (1.5/8)/(29/64) = 17/29', () => {
    expect(cohenKappa(a, b, [1, 2, 3], 'linear')).toBeCloseTo(17 / 29, 12);
  });
  it('quadratic weights: 1 − (0.75/8)/(22/64) = 8/11', () => {
    expect(cohenKappa(a, b, [1, 2, 3], 'quadratic')).toBeCloseTo(8 / 11, 12);
  });
  it('perfect agreement is 1, also on one category; unknown labels and unequal lengths throw', () => {
    expect(cohenKappa([1, 2, 3], [1, 2, 3], [1, 2, 3], 'quadratic')).toBe(1);
    expect(cohenKappa([1, 1], [1, 1], [1, 2])).toBe(1);
    expect(() => cohenKappa([1, 4], [1, 2], [1, 2, 3])).toThrow(/not among the categories: 4/);
    expect(() => accuracy([1], [1, 2])).toThrow(/differ in length/);
  });
});

describe('Spearman', () => {
  it('averages tied ranks', () => {
    expect(averageRanks([5, 6, 7, 8, 7])).toEqual([1, 2, 3.5, 5, 3.5]);
  });
  it('is the Pearson correlation of the ranks', () => {
    // ranks x = 1..5 (deviations −2,−1,0,1,2); ranks y = 1,2,3.5,5,3.5 (deviations −2,−1,0.5,2,0.5)
    // Σdxdy = 4+1+0+2+1 = 8, Σdx² = 10, Σdy² = 4+1+0.25+4+0.25 = 9.5 → ρ = 8/√95
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 12);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});
