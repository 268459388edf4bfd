/**
 * Percentile bootstrap confidence intervals, seeded so a report shows the same interval every time it is built.
 * (Efron & Tibshirani, An Introduction to the Bootstrap, ch. 13: resample the n values with replacement B times,
 * take the mean of each resample, and read the (1−level)/2 and (1+level)/2 quantiles of those B means.)
 */

import { mulberry32 } from '../local/prng.ts';

// The local backend's seeded PRNG (mulberry32): one implementation for the whole project.
export { mulberry32 };

export interface Interval {
  mean: number;
  low: number;
  high: number;
  n: number;
}

export interface BootstrapOptions {
  /** Resamples (default 2,000). */
  resamples?: number;
  /** Confidence level (default 0.95). */
  level?: number;
  /** PRNG seed (default 1). */
  seed?: number;
}

/** The q-quantile of sorted values, linear interpolation between order statistics (type 7, as numpy/R default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** Mean of `values` with a percentile-bootstrap interval; NaN values are left out. Empty input → NaN bounds. */
export function bootstrapMeanCi(values: readonly number[], opts: BootstrapOptions = {}): Interval {
  const xs = values.filter((v) => !Number.isNaN(v));
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN, n: 0 };
  const mean = xs.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return { mean, low: mean, high: mean, n };
  const resamples = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  const rand = mulberry32(opts.seed ?? 1);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += xs[Math.floor(rand() * n)] as number;
    means[b] = sum / n;
  }
  means.sort();
  const sorted = Array.from(means);
  return {
    mean,
    low: quantileSorted(sorted, (1 - level) / 2),
    high: quantileSorted(sorted, (1 + level) / 2),
    n,
  };
}
