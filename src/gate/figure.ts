/** The figure a gate rule reads from a target's summary: a metric's statistic, or the run's error rate. */
import type { MetricStats, TargetMetricSummary } from '../store/types.ts';
import type { GateStat } from './types.ts';

export function metricFigure(
  s: TargetMetricSummary,
  metric: string,
  stat: GateStat | 'value',
): { actual: number | null; n: number; missing: boolean } {
  if (metric === 'error_rate') return { actual: s.errorRate, n: s.calls, missing: false };
  const m: MetricStats | undefined = s.metrics.find((x) => x.metric === metric);
  if (!m) return { actual: null, n: 0, missing: true };
  if (stat === 'value' || stat === 'mean') return { actual: m.mean, n: m.n, missing: false };
  if (stat === 'pass_rate') return { actual: m.passRate, n: m.passN, missing: false };
  return { actual: m[stat], n: m.n, missing: false };
}

/** Figures for messages: at most 6 significant digits, no exponent noise for ordinary values. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}
