/**
 * The values a candidate's metric is judged on, keyed by (case, repeat) so two candidates can be paired.
 *
 * How failed calls count:
 * - `error_rate`: 1 per failed call, 0 per answered one;
 * - higher-is-better metrics (contains, f1, a judge's score…): a failed call scores 0 — a candidate that cannot
 *   answer does not look better for it;
 * - lower-is-better metrics (latency, cost, tokens — by name, see compare/metric.ts): a failed call has no value
 *   and is left out;
 * - an answered call without the metric (a scorer error) is left out.
 */
import { lowerIsBetter } from '../compare/metric.ts';
import { quantileSorted } from '../stats/bootstrap.ts';
import type { CaseValues } from './types.ts';

export { lowerIsBetter };

export const caseKey = (caseId: string, repeat: number): string => `${caseId}\u0000${repeat}`;

/** (case, repeat) → value of `metric`, in the rows' order. */
export function valuesOf(rows: readonly CaseValues[], metric: string): Map<string, number> {
  const out = new Map<string, number>();
  const lower = lowerIsBetter(metric);
  for (const r of rows) {
    const key = caseKey(r.caseId, r.repeat);
    if (metric === 'error_rate') {
      out.set(key, r.error ? 1 : 0);
      continue;
    }
    const v = r.values[metric];
    if (v !== undefined && Number.isFinite(v) && !(r.error && !lower)) out.set(key, v);
    else if (r.error && !lower) out.set(key, 0);
  }
  return out;
}

/** Whether any row has the metric (error_rate always exists). */
export function hasMetric(rows: readonly CaseValues[], metric: string): boolean {
  return metric === 'error_rate' || rows.some((r) => r.values[metric] !== undefined);
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Cost per 1,000 calls (mean cost_usd × 1,000) over the calls that have a cost, and how many do. */
export function costPer1k(rows: readonly CaseValues[]): { value: number | null; n: number } {
  const xs = [...valuesOf(rows, 'cost_usd').values()];
  return { value: xs.length === 0 ? null : Number((mean(xs) * 1000).toPrecision(12)), n: xs.length };
}

/** p50 and p99 of the answered calls' latency (type-7 quantiles); null without latencies. */
export function latencyQuantiles(rows: readonly CaseValues[]): { p50: number | null; p99: number | null } {
  const xs = [...valuesOf(rows, 'latency_ms').values()].sort((a, b) => a - b);
  if (xs.length === 0) return { p50: null, p99: null };
  return { p50: quantileSorted(xs, 0.5), p99: quantileSorted(xs, 0.99) };
}
