/**
 * The load report: one self-contained HTML page (inline CSS and SVG, no script) for one stored load run — a
 * per-step table, a latency-vs-throughput chart with the SLO and the saturation knee, a percentile chart, error
 * and throttle rates by class, and the load gate verdict when one is given.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Verdict } from '../gate/types.ts';
import { fromLoadRunRecord } from '../load/record.ts';
import { type Percentiles, type StepSummary, summarizeLoadRun } from '../load/summary.ts';
import type { LoadRunRecord } from '../store/load.ts';
import { fmtDuration, fmtInt, fmtMetric, fmtMs, fmtNum, fmtPct, fmtTime } from './format.ts';
import { lineChartSvg } from './line-chart.ts';
import { loadReportTemplate, trustedMarkup } from './templates.ts';
import { verdictView } from './view-model.ts';

export interface LoadReportOptions {
  verdict?: Verdict;
  /** Folder with load.hbs and partials/ (default: the shipped `reports/`). */
  templatesDir?: string;
}

const PCTS = ['p50', 'p90', 'p95', 'p99', 'max'] as const;

/** The template's context (all figures formatted). */
export function buildLoadReportModel(rec: LoadRunRecord, opts: LoadReportOptions = {}) {
  const run = fromLoadRunRecord(rec);
  const summary = summarizeLoadRun(run);
  const { knee, total } = summary;
  const slo = summary.sloP99Ms;
  const streaming = summary.steps.some((s) => s.ttft !== undefined);
  const steps = summary.steps.map((s, i) => ({
    ..._row(s),
    isKnee: knee?.index === i,
    overSlo: slo !== undefined && s.latency.p99 !== null && s.latency.p99 > slo,
  }));
  const classes = summary.steps.flatMap((s) =>
    Object.entries(s.errorsByClass)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([cls, n]) => ({ step: s.label, cls, n: fmtInt(n), rate: fmtPct(s.ratesByClass[cls]) })),
  );
  return {
    title: `evalgate load report: ${rec.profileName}`,
    run: {
      runId: rec.runId,
      profileName: rec.profileName,
      profileFile: rec.profileFile,
      target: `${rec.target.kind} ${rec.target.id}${rec.target.url && !rec.target.id.includes(rec.target.url) ? ` (${rec.target.url})` : ''}`,
      backend: rec.backend ?? '–',
      startedAt: fmtTime(rec.startedAt),
      finishedAt: fmtTime(rec.finishedAt),
      duration: fmtDuration(rec.startedAt, rec.finishedAt),
      slo: slo === undefined ? 'none' : `p99 ≤ ${fmtMs(slo)}`,
    },
    total: { ..._row({ ...total, label: 'all steps', mode: 'closed' }) },
    knee: knee
      ? {
          label: knee.label,
          text: `${knee.label}: ${fmtNum(knee.okPerSec)} successful req/s at p99 ${fmtMs(knee.p99Ms)} (SLO ${fmtMs(slo)})`,
        }
      : null,
    kneeNote:
      slo === undefined
        ? 'The profile sets no SLO (slo.p99Ms), so no saturation knee is named.'
        : `No step kept p99 latency within the SLO (${fmtMs(slo)}).`,
    streaming,
    steps,
    classes,
    verdict: verdictView(opts.verdict, _loadFigure),
    throughputChart: trustedMarkup(_throughputChart(summary.steps, slo, knee)),
    percentileChart: trustedMarkup(_percentileChart(summary.steps)),
  };
}

/** Renders the load report of one stored load run. */
export async function renderLoadReport(rec: LoadRunRecord, opts: LoadReportOptions = {}): Promise<string> {
  const template = await loadReportTemplate(opts.templatesDir, 'load.hbs');
  return template(buildLoadReportModel(rec, opts));
}

/** Renders and writes the load report (creating the folder); returns the file path. */
export async function writeLoadReport(
  rec: LoadRunRecord,
  file: string,
  opts: LoadReportOptions = {},
): Promise<string> {
  const html = await renderLoadReport(rec, opts);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, html, 'utf8');
  return file;
}

function _pcts(p: Percentiles | undefined) {
  return Object.fromEntries(PCTS.map((k) => [k, fmtMs(p?.[k])])) as Record<(typeof PCTS)[number], string>;
}

function _row(s: StepSummary) {
  return {
    label: s.label,
    requests: fmtInt(s.requests),
    ok: fmtInt(s.ok),
    rps: fmtNum(s.requestsPerSec),
    okps: fmtNum(s.okPerSec),
    tokps: fmtNum(s.outputTokensPerSec),
    latency: _pcts(s.latency),
    ttft: _pcts(s.ttft),
    itl: _pcts(s.itl),
    tpot: _pcts(s.tpot),
    errorRate: fmtPct(s.errorRate),
    throttleRate: fmtPct(s.throttleRate),
    timeoutRate: fmtPct(s.timeoutRate),
  };
}

function _throughputChart(
  steps: readonly StepSummary[],
  slo: number | undefined,
  knee: ReturnType<typeof summarizeLoadRun>['knee'],
): string {
  const pick = (k: 'p50' | 'p99') => steps.map((s) => ({ x: s.okPerSec, y: s.latency[k] }));
  return lineChartSvg(
    'Latency vs throughput (one point per step)',
    [
      { name: 'p50 latency', points: pick('p50') },
      { name: 'p99 latency', points: pick('p99') },
    ],
    {
      xLabel: 'successful requests/s',
      yLabel: 'latency (ms)',
      formatX: (x) => `${fmtNum(x)}/s`,
      formatY: (y) => fmtMs(y),
      ...(slo === undefined ? {} : { hLine: { y: slo, label: `SLO ${fmtMs(slo)}` } }),
      ...(knee ? { mark: { x: knee.okPerSec, y: knee.p99Ms, label: `knee ${knee.label}` } } : {}),
    },
  );
}

function _percentileChart(steps: readonly StepSummary[]): string {
  return lineChartSvg(
    'Latency percentiles per step',
    steps.map((s) => ({ name: s.label, points: PCTS.map((k, i) => ({ x: i, y: s.latency[k] })) })),
    {
      xLabel: 'percentile',
      yLabel: 'latency (ms)',
      formatX: (x) => PCTS[x] ?? String(x),
      formatY: (y) => fmtMs(y),
      xCategories: PCTS,
    },
  );
}

/** Rates as percentages; other figures by metric name. */
const _loadFigure = (metric: string, x: number | null | undefined) =>
  metric.endsWith('_rate') ? fmtPct(x) : fmtMetric(metric, x);
