/**
 * A profile's shape → the steps a generator runs. Every step is bounded in time (its `durationMs`) and in
 * requests (`maxRequests`); the steps' durations sum to the shape's total (≤ bounds.maxSeconds, checked by the
 * profile schema) and their request bounds sum to at most bounds.maxRequests.
 */
import type { LoadProfile } from './profile.ts';
import type { StepSpec } from './types.ts';

/**
 * Split `total` into integer shares proportional to `weights` (largest remainder), each share at least 1
 * (the caller guarantees total ≥ weights.length). The shares sum to exactly `total`.
 */
export function splitRequests(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : total / n));
  const shares = exact.map((x) => Math.floor(x));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  // Every step may send at least one request: take from the largest shares.
  for (let i = 0; i < n; i++) {
    if (shares[i]! >= 1) continue;
    const donor = shares.indexOf(Math.max(...shares));
    if (shares[donor]! <= 1) break;
    shares[donor]! -= 1;
    shares[i] = 1;
  }
  return shares;
}

/** Expand the profile's shape into its steps, honouring bounds.maxRequests and bounds.maxSeconds. */
export function expandSteps(profile: LoadProfile): StepSpec[] {
  const { shape, bounds } = profile;
  if (shape.closed) {
    const durationMs = Math.round(shape.closed.stepSeconds * 1000);
    const levels = shape.closed.concurrency;
    const caps = splitRequests(bounds.maxRequests, levels);
    return levels.map((c, i) => ({
      label: `c=${c}`,
      mode: 'closed',
      concurrency: c,
      durationMs,
      maxRequests: caps[i]!,
    }));
  }
  if (shape.open) {
    const durationMs = Math.round(shape.open.stepSeconds * 1000);
    const { rates, arrival } = shape.open;
    const caps = splitRequests(bounds.maxRequests, rates);
    return rates.map((r, i) => ({
      label: `rate=${r}/s`,
      mode: 'open',
      ratePerSec: r,
      arrival,
      durationMs,
      maxRequests: caps[i]!,
    }));
  }
  const soak = shape.soak!;
  return [
    {
      label: `soak c=${soak.concurrency}`,
      mode: 'closed',
      concurrency: soak.concurrency,
      durationMs: Math.round(soak.seconds * 1000),
      maxRequests: bounds.maxRequests,
    },
  ];
}
