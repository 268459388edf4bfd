/**
 * The gate's non-inferiority decision on one paired comparison, as the simulation applies it, and the normal
 * approximations of its error rates (the arithmetic behind the margin; see gate-sim.ts).
 *
 * Rule: promote when the lower bound of the paired 95 % bootstrap CI of mean(candidate − baseline) is above
 * −margin; otherwise roll back.
 */
import type { Interval } from '../stats/bootstrap.ts';
import { erfc, pairedBootstrapCi } from '../stats/paired.ts';

export interface PairedDecision {
  decision: 'promote' | 'rollback';
  ci: Interval;
  /** Cases passing in the baseline and failing in the candidate (b) and the other way round (c). */
  b: number;
  c: number;
}

export interface DecisionOptions {
  margin: number;
  /** Bootstrap seed (default 1) and resamples (default 2,000). */
  seed?: number;
  resamples?: number;
}

/** Non-inferiority on 0/1 (or any numeric) per-case scores, paired by index. */
export function nonInferiorityDecision(
  baseline: readonly number[],
  candidate: readonly number[],
  opts: DecisionOptions,
): PairedDecision {
  const ci = pairedBootstrapCi(baseline, candidate, {
    seed: opts.seed ?? 1,
    resamples: opts.resamples ?? 2000,
    level: 0.95,
  });
  let b = 0;
  let c = 0;
  baseline.forEach((base, i) => {
    const cand = candidate[i] as number;
    if (base > cand) b++;
    else if (cand > base) c++;
  });
  return { decision: ci.low > -opts.margin ? 'promote' : 'rollback', ci, b, c };
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

export interface PredictedRates {
  /** SE of the A/A paired mean difference: √D / n. */
  seAa: number;
  /** Bootstrap SE under the planted drop: √(((D + k)/n − δ²)/n), k = n·δ dropped cases. */
  seDrop: number;
  /** Φ(1.96 − m/s). */
  falseRollback: number;
  /** Φ((δ − m + 1.96·s′)/s): the diff ~ N(−δ, s), rolled back when diff − 1.96·s′ < −m. */
  detection: number;
  /** The brief's cruder form Φ((δ − m)/s′ + 1.96). */
  detectionSimple: number;
}

/**
 * Normal approximations for n paired 0/1 cases whose A/A comparisons have D discordant pairs on average, a
 * margin m, and a planted drop δ (a fraction of cases that always pass in the baseline and always fail in the
 * candidate).
 */
export function predictRates(n: number, discordant: number, margin: number, drop = 0.05): PredictedRates {
  const seAa = Math.sqrt(discordant) / n;
  const seDrop = Math.sqrt(Math.max(0, (discordant + drop * n) / n - drop * drop) / n);
  return {
    seAa,
    seDrop,
    falseRollback: normalCdf(1.96 - margin / seAa),
    detection: normalCdf((drop - margin + 1.96 * seDrop) / seAa),
    detectionSimple: normalCdf((drop - margin) / seDrop + 1.96),
  };
}
