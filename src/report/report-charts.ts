/** The report's distribution charts: one histogram per quality metric (targets as rows) and a latency CDF. */

import { quantileSorted } from '../stats/bootstrap.ts';
import type { TargetMetricSummary } from '../store/types.ts';
import { fmtMetric, fmtPct } from './format.ts';
import { histogramSvg } from './histogram.ts';
import { lineChartSvg } from './line-chart.ts';

const NOT_QUALITY = new Set(['latency_ms', 'error_rate', 'cost_usd', 'ttft_ms']);
/** Points drawn per target on the latency CDF (quantiles 0, 1/N … 1). */
const CDF_POINTS = 40;

/** Quality metrics (not latency, errors, cost or tokens), the main one first, at most `limit`. */
export function qualityMetrics(summaries: readonly TargetMetricSummary[], main: string, limit = 6): string[] {
  const names = new Set(summaries.flatMap((s) => s.metrics.map((m) => m.metric)));
  const quality = [...names].filter(
    (m) => !NOT_QUALITY.has(m) && !m.endsWith('_tokens') && !m.endsWith('_ms'),
  );
  const ordered = quality.includes(main) ? [main, ...quality.filter((m) => m !== main)] : quality;
  return ordered.slice(0, limit);
}

export interface ChartView {
  metric: string;
  svg: string;
}

export function distributionCharts(
  summaries: readonly TargetMetricSummary[],
  values: Map<string, number[]>,
  metrics: readonly string[],
): ChartView[] {
  return metrics.map((metric) => ({
    metric,
    svg: histogramSvg(
      `Distribution of ${metric} per target`,
      summaries.map((s) => ({ name: s.targetId, values: values.get(`${s.targetId}\u0000${metric}`) ?? [] })),
      (x) => fmtMetric(metric, x),
    ),
  }));
}

/** Latency CDF per target: share of ok calls at or under each latency; null when no target has latencies. */
export function latencyCdfSvg(
  summaries: readonly TargetMetricSummary[],
  values: Map<string, number[]>,
): string | null {
  const series = summaries.flatMap((s) => {
    const xs = [...(values.get(`${s.targetId}\u0000latency_ms`) ?? [])].sort((a, b) => a - b);
    if (xs.length === 0) return [];
    const points = Array.from({ length: CDF_POINTS + 1 }, (_, i) => ({
      x: quantileSorted(xs, i / CDF_POINTS),
      y: i / CDF_POINTS,
    }));
    return [{ name: s.targetId, points }];
  });
  if (series.length === 0) return null;
  return lineChartSvg('Latency CDF per target (share of ok calls at or under a latency)', series, {
    xLabel: 'latency',
    yLabel: 'share of calls',
    formatX: (x) => fmtMetric('latency_ms', x),
    formatY: (y) => fmtPct(y),
    width: 720,
    height: 280,
  });
}
