/** The report's trend section: the suite's last runs' main metric per target as a small SVG line chart. */
import { EvalgateError } from '../core/errors.ts';
import type { DuckDbStore } from '../store/store.ts';
import type { TrendResult, TrendStat } from '../store/trend.ts';
import { fmtMetric, fmtPct, fmtTime } from './format.ts';
import { lineChartSvg } from './line-chart.ts';
import { trustedMarkup } from './templates.ts';

/** What the section reads; a source without `trend` (a test stand-in) gets no section. */
export type TrendSource = Pick<DuckDbStore, 'getRun'> & Partial<Pick<DuckDbStore, 'trend'>>;

export interface TrendOptions {
  /** The report's main metric. */
  metric: string;
  /** Default `mean`. */
  stat?: TrendStat;
  /** How many runs up to this one (default 30). */
  last?: number;
}

export interface TrendView {
  metric: string;
  stat: TrendStat;
  /** How many runs the chart shows. */
  runs: number;
  caption: string;
  /** Inline SVG (labels escaped by the chart), wrapped by `trustedMarkup` for `{{trend.svg}}`. */
  svg: unknown;
}

/** At most this many x-axis labels, so 30 runs stay readable. */
const MAX_LABELS = 8;

/** `03-01` (month-day of the run's start, UTC). */
function _day(d: Date): string {
  return d.toISOString().slice(5, 10);
}

/** The chart's markup: one series per target over the runs, the current run circled. */
export function trendChartSvg(trend: TrendResult, currentRunId: string): string {
  const runs = trend.runs;
  const every = Math.ceil(runs.length / MAX_LABELS);
  const format = (y: number) => (trend.stat === 'pass_rate' ? fmtPct(y) : fmtMetric(trend.metric, y));
  const series = trend.targets.map((targetId, ti) => ({
    name: targetId,
    points: runs.map((r, x) => ({ x, y: r.points[ti]?.value ?? null })),
  }));
  const cur = runs.findIndex((r) => r.runId === currentRunId);
  const curY = cur < 0 ? undefined : runs[cur]?.points.find((p) => p.value !== null)?.value;
  return lineChartSvg(`${trend.stat} ${trend.metric} over the last ${runs.length} runs`, series, {
    xLabel: 'run (start date, UTC)',
    yLabel: `${trend.stat} ${trend.metric}`,
    formatX: (x) => {
      const r = runs[x];
      return r ? `${r.runId} (${fmtTime(r.startedAt)})` : '';
    },
    formatY: format,
    xCategories: runs.map((r, i) =>
      i % every === 0 || i === runs.length - 1 || r.runId === currentRunId ? _day(r.startedAt) : '',
    ),
    ...(curY === undefined || curY === null ? {} : { mark: { x: cur, y: curY, label: 'this run' } }),
    width: 640,
    height: 240,
  });
}

/**
 * The trend of the run's suite up to and including the run: undefined when the suite has fewer than 2 such runs,
 * the source cannot query trends, or the metric is unknown to the suite's history.
 */
export async function trendSection(
  source: TrendSource,
  runId: string,
  opts: TrendOptions,
): Promise<TrendView | undefined> {
  if (!source.trend) return undefined;
  const run = await source.getRun(runId);
  if (!run) return undefined;
  const stat = opts.stat ?? 'mean';
  let trend: TrendResult;
  try {
    trend = await source.trend({
      suiteName: run.suiteName,
      metric: opts.metric,
      stat,
      last: opts.last ?? 30,
      untilRunId: runId,
    });
  } catch (err) {
    if (err instanceof EvalgateError && err.code === 'USAGE') return undefined;
    throw err;
  }
  if (trend.runs.length < 2) return undefined;
  const first = trend.runs[0];
  const since = first ? ` since ${fmtTime(first.startedAt)}` : '';
  return {
    metric: trend.metric,
    stat: trend.stat,
    runs: trend.runs.length,
    caption:
      `${trend.stat} ${trend.metric} per target over the last ${trend.runs.length} runs of ` +
      `${trend.suiteName}${since} (completed runs; this run circled).`,
    svg: trustedMarkup(trendChartSvg(trend, runId)),
  };
}
