/**
 * Paired statistics for comparing two runs case by case (the same case and repeat, baseline vs candidate).
 *
 * - `pairedBootstrapCi`: percentile bootstrap of mean(candidate − baseline), resampling whole pairs (so the
 *   correlation between a case's two scores is kept); seeded, reproducible (see bootstrap.ts).
 * - `mcnemar`: McNemar's test on the discordant pass/fail pairs — b = pass→fail, c = fail→pass. Under H0 each
 *   discordant pair is equally likely to go either way, so b ~ Binomial(b + c, ½). When b + c < 25 the p-value is
 *   the exact two-sided binomial one, min(1, 2·P(X ≤ min(b, c))); from 25 on, the chi-square form with Edwards'
 *   continuity correction, χ² = (|b − c| − 1)² / (b + c) on 1 degree of freedom.
 */

import { type BootstrapOptions, bootstrapMeanCi, type Interval } from './bootstrap.ts';

/** Below this many discordant pairs McNemar's p is exact (binomial); from it on, chi-square. */
export const MCNEMAR_EXACT_BELOW = 25;

/**
 * Mean of candidate[i] − baseline[i] with a paired percentile-bootstrap interval (B resamples of the n pairs).
 * Pairs where either value is NaN are dropped. The arrays must have the same length.
 */
export function pairedBootstrapCi(
  baseline: readonly number[],
  candidate: readonly number[],
  opts: BootstrapOptions = {},
): Interval {
  if (baseline.length !== candidate.length)
    throw new RangeError(
      `pairedBootstrapCi: ${baseline.length} baseline vs ${candidate.length} candidate values`,
    );
  const diffs: number[] = [];
  for (let i = 0; i < baseline.length; i++) {
    const d = (candidate[i] as number) - (baseline[i] as number);
    if (!Number.isNaN(d)) diffs.push(d);
  }
  // Resampling the differences with replacement is resampling the pairs: the difference is all a pair contributes.
  return bootstrapMeanCi(diffs, opts);
}

export interface McNemarResult {
  /** Pairs that passed in the baseline and failed in the candidate. */
  b: number;
  /** Pairs that failed in the baseline and passed in the candidate. */
  c: number;
  /** Two-sided p-value (1 when there is no discordant pair). */
  p: number;
  method: 'exact' | 'chi2';
  /** The continuity-corrected chi-square statistic (chi2 method only). */
  statistic?: number;
}

/** McNemar's test from the discordant counts b (pass→fail) and c (fail→pass). */
export function mcnemar(b: number, c: number): McNemarResult {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0)
    throw new RangeError(`mcnemar: counts must be non-negative integers, got b=${b}, c=${c}`);
  const n = b + c;
  if (n === 0) return { b, c, p: 1, method: 'exact' };
  if (n < MCNEMAR_EXACT_BELOW)
    return { b, c, p: Math.min(1, 2 * binomialCdfHalf(Math.min(b, c), n)), method: 'exact' };
  const statistic = (Math.abs(b - c) - 1) ** 2 / n;
  return { b, c, p: chiSquare1Sf(statistic), method: 'chi2', statistic };
}

/** McNemar's test from paired pass/fail values (pairs where either side is null are skipped). */
export function mcnemarFromPairs(
  pairs: readonly (readonly [boolean | null, boolean | null])[],
): McNemarResult {
  let b = 0;
  let c = 0;
  for (const [base, cand] of pairs) {
    if (base === null || cand === null) continue;
    if (base && !cand) b++;
    else if (!base && cand) c++;
  }
  return mcnemar(b, c);
}

/** P(X ≤ k) for X ~ Binomial(n, ½), summed term by term (exact enough for the small n McNemar uses it for). */
export function binomialCdfHalf(k: number, n: number): number {
  let term = 0.5 ** n; // C(n, 0) / 2^n
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
  }
  return Math.min(1, sum);
}

/** Upper tail P(χ²₁ > x) = erfc(√(x/2)). */
export function chiSquare1Sf(x: number): number {
  if (!(x > 0)) return 1;
  return erfc(Math.sqrt(x / 2));
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, fractional error < 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
