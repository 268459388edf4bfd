import { EvalgateError } from '../core/errors.ts';
import type { Verdict } from '../gate/types.ts';
import type { DuckDbStore } from '../store/store.ts';
import type { TargetMetricSummary } from '../store/types.ts';
import { baselineSection } from './baseline.ts';
import { caseRows } from './case-rows.ts';
import { barChartSvg } from './chart.ts';
import { fmtInt, fmtMetric } from './format.ts';
import { guardrailSection } from './guardrail.ts';
import { matrixSection } from './matrix.ts';
import { paretoSection } from './pareto.ts';
import { distributionCharts, latencyCdfSvg, qualityMetrics } from './report-charts.ts';
import { retrievalSection, sweepMembers } from './retrieval.ts';
import { routingSection } from './routing.ts';
import { runFacts } from './run-facts.ts';
import { DRAW_BUDGET, MIN_RESAMPLES, metricRows, metricValues, targetRows } from './scoreboard.ts';
import { trendSection } from './trend.ts';

export { type TextCell, textCell } from './case-rows.ts';

/**
 * What the report reads from the store (DuckDbStore satisfies it; tests may pass a stand-in). `reportRows`, when
 * present, reads results and scores in one faster pass; `trend`, when present, gives the suite's trend chart
 * (DuckDbStore has both).
 */
export type ReportSource = Pick<DuckDbStore, 'getRun' | 'metricSummary' | 'listResults' | 'listScores'> &
  Partial<Pick<DuckDbStore, 'reportRows' | 'trend'>>;

/** A run's results and scores, through `reportRows` when the source has it. */
export async function readRows(source: ReportSource, runId: string) {
  if (source.reportRows) return source.reportRows(runId);
  return { results: await source.listResults(runId), scores: await source.listScores(runId) };
}

export interface ReportOptions {
  verdict?: Verdict;
  /** Metric of the bar chart; default: the verdict's first rule metric other than error_rate, else a scorer metric. */
  mainMetric?: string;
  /** Texts longer than this (or with more than 4 lines) fold into a <details>; default 280. */
  foldChars?: number;
  /** Texts are cut after this many characters (noted in the cell); default 4,000, less for big runs (case-rows capFor). */
  maxChars?: number;
  /** A baseline run id (same store): adds the paired comparison and the regressed cases side by side. */
  baseline?: string;
  /** Bootstrap seed of every interval in the report (default 1) and resamples (default 2,000). */
  seed?: number;
  resamples?: number;
}

const BUILT_IN = new Set(['latency_ms', 'error_rate']);

export function pickMainMetric(summaries: readonly TargetMetricSummary[], opts: ReportOptions): string {
  if (opts.mainMetric) return opts.mainMetric;
  const fromRule = opts.verdict?.rules.find((r) => r.metric !== 'error_rate')?.metric;
  if (fromRule) return fromRule;
  const names = summaries.flatMap((s) => s.metrics.map((m) => m.metric));
  return names.find((m) => !BUILT_IN.has(m) && m !== 'cost_usd' && !m.endsWith('_tokens')) ?? 'latency_ms';
}

/** A verdict as the templates show it; `fmt` formats a rule's figures (default: by metric name). */
export function verdictView(
  v: Verdict | undefined,
  fmt: (metric: string, x: number | null | undefined) => string = fmtMetric,
) {
  if (!v) return null;
  return {
    decision: v.decision,
    label: v.decision.toUpperCase(),
    summary: v.summary,
    candidate: v.candidate,
    baseline: v.baseline ?? null,
    rules: v.rules.map((r) => ({
      id: r.id,
      metric: r.metric,
      stat: r.stat,
      actual: fmt(r.metric, r.actual),
      min: r.min === undefined ? '' : fmt(r.metric, r.min),
      max: r.max === undefined ? '' : fmt(r.metric, r.max),
      baseline: r.baseline === undefined ? '' : fmt(r.metric, r.baseline),
      n: fmtInt(r.n),
      pass: r.pass,
      message: r.message,
    })),
  };
}

async function _baseline(
  source: ReportSource,
  opts: ReportOptions,
  cand: Parameters<typeof baselineSection>[1],
) {
  if (opts.baseline === undefined) return null;
  const run = await source.getRun(opts.baseline);
  if (!run) throw new EvalgateError('USAGE', `baseline run "${opts.baseline}" not found in the store`);
  return baselineSection({ run, ...(await readRows(source, run.runId)) }, cand, opts);
}

function _counts(counts: NonNullable<Awaited<ReturnType<ReportSource['getRun']>>>['counts']) {
  const c = counts ?? {};
  return (
    [
      ['Cases', c.cases],
      ['Calls', c.calls],
      ['OK', c.ok],
      ['Errors', c.errors],
      ['Throttles', c.throttles],
      ['Bad dataset rows', c.badRows],
      ['Scorer errors', c.scorerErrors],
    ] as const
  )
    .filter(
      ([label, v]) =>
        typeof v === 'number' &&
        (v > 0 || !['Throttles', 'Bad dataset rows', 'Scorer errors'].includes(label)),
    )
    .map(([label, v]) => ({ label, value: fmtInt(v as number) }));
}

/** Everything the templates show, with every figure already formatted. */
export async function buildReportModel(source: ReportSource, runId: string, opts: ReportOptions = {}) {
  const run = await source.getRun(runId);
  if (!run) throw new EvalgateError('STORE', `run "${runId}" not found in the store`);
  const summaries = await source.metricSummary(runId);
  const { results, scores } = await readRows(source, runId);
  const main = pickMainMetric(summaries, opts);
  const chartData = summaries.map((s) => ({
    label: s.targetId,
    value: main === 'error_rate' ? s.errorRate : (s.metrics.find((m) => m.metric === main)?.mean ?? null),
  }));
  const values = metricValues(results, scores);
  const boot = { seed: opts.seed ?? 1, resamples: opts.resamples ?? 2000 };
  return {
    title: `evalgate report: ${run.suiteName} (${run.runId})`,
    run: runFacts(run),
    counts: _counts(run.counts),
    errorsByClass: Object.entries(run.counts?.errorsByClass ?? {}).map(([cls, n]) => ({ cls, n: fmtInt(n) })),
    verdict: verdictView(opts.verdict),
    targets: targetRows(summaries, scores),
    metrics: metricRows(summaries, values, boot),
    matrix: matrixSection(run, summaries, main),
    ciNote: `95 % percentile bootstrap interval of the mean over the target's values (seed ${boot.seed}; ${boot.resamples} resamples, fewer — at least ${MIN_RESAMPLES} — when values × resamples would pass ${fmtInt(DRAW_BUDGET)})`,
    mainMetric: main,
    chartSvg: barChartSvg(`Mean ${main} per target`, chartData, (x) => fmtMetric(main, x)),
    distributions: distributionCharts(summaries, values, qualityMetrics(summaries, main)),
    latencySvg: latencyCdfSvg(summaries, values),
    trend: await trendSection(source, runId, { metric: main }),
    pareto: paretoSection(run, results, scores, main),
    retrieval: retrievalSection(scores, sweepMembers(run.config)),
    guardrail: guardrailSection(scores),
    routing: await routingSection(source, run, results, scores, boot),
    baseline: await _baseline(source, { ...opts, ...boot }, { run, results, scores }),
    cases: caseRows(results, scores, { foldChars: opts.foldChars ?? 280, maxChars: opts.maxChars }),
    caseCount: fmtInt(results.length),
    targetIds: summaries.map((s) => s.targetId),
  };
}

export type ReportModel = Awaited<ReturnType<typeof buildReportModel>>;
