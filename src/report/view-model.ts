import { EvalgateError } from '../core/errors.ts';
import type { Verdict } from '../gate/types.ts';
import type { DuckDbStore } from '../store/store.ts';
import type { StoredCaseResult, StoredScore, TargetMetricSummary } from '../store/types.ts';
import { barChartSvg } from './chart.ts';
import { fmtDuration, fmtInt, fmtMetric, fmtMs, fmtNum, fmtPct, fmtTime, fmtUsd } from './format.ts';
import { guardrailSection } from './guardrail.ts';
import { retrievalSection, sweepMembers } from './retrieval.ts';

/** What the report reads from the store (DuckDbStore satisfies it; tests may pass a stand-in). */
export type ReportSource = Pick<DuckDbStore, 'getRun' | 'metricSummary' | 'listResults' | 'listScores'>;

export interface ReportOptions {
  verdict?: Verdict;
  /** Metric of the bar chart; default: the verdict's first rule metric other than error_rate, else a scorer metric. */
  mainMetric?: string;
  /** Texts longer than this (or with more than 4 lines) fold into a <details>; default 280. */
  foldChars?: number;
}

export interface TextCell {
  text: string;
  long: boolean;
  preview: string;
}

const BUILT_IN = new Set(['latency_ms', 'error_rate']);

function _cell(text: string | null | undefined, fold: number): TextCell {
  const t = text ?? '';
  const long = t.length > fold || t.split('\n').length > 4;
  return { text: t, long, preview: long ? `${t.slice(0, 120).replace(/\s+/g, ' ')}…` : t };
}

function _vars(vars: Record<string, unknown>): string {
  return Object.entries(vars)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');
}

export function pickMainMetric(summaries: readonly TargetMetricSummary[], opts: ReportOptions): string {
  if (opts.mainMetric) return opts.mainMetric;
  const fromRule = opts.verdict?.rules.find((r) => r.metric !== 'error_rate')?.metric;
  if (fromRule) return fromRule;
  const names = summaries.flatMap((s) => s.metrics.map((m) => m.metric));
  return names.find((m) => !BUILT_IN.has(m) && m !== 'cost_usd' && !m.endsWith('_tokens')) ?? 'latency_ms';
}

/** Judge tokens and cost per target, summed from the judge scores' details (kept apart from the candidates'). */
function _judgeTotals(scores: readonly StoredScore[]) {
  const totals = new Map<string, { tokens: number; cost: number; priced: boolean }>();
  for (const s of scores) {
    const usage = s.details?.usage as { inputTokens?: number; outputTokens?: number } | undefined;
    if (s.details?.judge === undefined || usage === undefined) continue;
    const t = totals.get(s.targetId) ?? { tokens: 0, cost: 0, priced: false };
    t.tokens += (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
    if (typeof s.details.costUsd === 'number') {
      t.cost += s.details.costUsd;
      t.priced = true;
    }
    totals.set(s.targetId, t);
  }
  return totals;
}

function _targets(summaries: readonly TargetMetricSummary[], scores: readonly StoredScore[]) {
  const judges = _judgeTotals(scores);
  return summaries.map((s) => {
    const cost = s.metrics.find((m) => m.metric === 'cost_usd');
    const judge = judges.get(s.targetId);
    return {
      targetId: s.targetId,
      modelId: s.modelId ?? '–',
      cases: fmtInt(s.cases),
      calls: fmtInt(s.calls),
      ok: fmtInt(s.ok),
      errors: fmtInt(s.errors),
      errorRate: fmtPct(s.errorRate),
      errorClasses: Object.entries(s.errorsByClass).map(([cls, n]) => `${cls} × ${n}`),
      inputTokens: fmtInt(s.inputTokens),
      outputTokens: fmtInt(s.outputTokens),
      cost: cost ? fmtUsd(cost.sum) : 'no price',
      costPerCall: cost ? fmtUsd(cost.mean) : 'no price',
      judgeTokens: judge ? fmtInt(judge.tokens) : '–',
      judgeCost: judge ? (judge.priced ? fmtUsd(judge.cost) : 'no price') : '–',
    };
  });
}

function _metrics(summaries: readonly TargetMetricSummary[]) {
  return summaries.flatMap((s) =>
    s.metrics.map((m) => ({
      targetId: s.targetId,
      metric: m.metric,
      n: fmtInt(m.n),
      mean: fmtMetric(m.metric, m.mean),
      passRate: fmtPct(m.passRate),
      p50: fmtMetric(m.metric, m.p50),
      p90: fmtMetric(m.metric, m.p90),
      p99: fmtMetric(m.metric, m.p99),
      min: fmtMetric(m.metric, m.min),
      max: fmtMetric(m.metric, m.max),
    })),
  );
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

function _cases(results: readonly StoredCaseResult[], scores: readonly StoredScore[], fold: number) {
  const byKey = new Map<string, StoredScore[]>();
  for (const s of scores) {
    const key = `${s.caseId}\u0000${s.targetId}\u0000${s.repeat}`;
    const list = byKey.get(key);
    if (list) list.push(s);
    else byKey.set(key, [s]);
  }
  return results.map((r) => ({
    caseId: r.caseId,
    targetId: r.targetId,
    repeat: r.repeat,
    ok: r.status === 'ok',
    vars: _cell(_vars(r.vars), fold),
    expected: _cell(r.expected, fold),
    output: _cell(r.outputText, fold),
    retrieved: (r.retrieved ?? []).map((c, i) => ({
      rank: i + 1,
      docId: c.docId,
      score: c.score === undefined ? '' : fmtNum(c.score),
      text: _cell(c.text, fold),
    })),
    latency: fmtMs(r.latencyMs),
    errorClass: r.errorClass ?? '',
    errorMessage: r.errorMessage ?? '',
    scores: (byKey.get(`${r.caseId}\u0000${r.targetId}\u0000${r.repeat}`) ?? []).map((s) => ({
      metric: s.metric,
      value: fmtMetric(s.metric, s.value),
      pass: s.pass,
      reason: s.reason ?? '',
      judged: s.details?.judge !== undefined,
      claims: _claims(s.details),
    })),
  }));
}

/** A judge's claims (faithfulness) with their verdicts, for the case table; absent for other scores. */
function _claims(
  details: Record<string, unknown> | undefined,
): { claim: string; ok: boolean; reason: string }[] {
  const claims = details?.claims;
  if (!Array.isArray(claims)) return [];
  return claims.map((c: { claim?: unknown; verdict?: unknown; reason?: unknown }) => ({
    claim: String(c?.claim ?? ''),
    ok: c?.verdict === 'supported',
    reason: String(c?.reason ?? ''),
  }));
}

/** Everything the templates show, with every figure already formatted. */
export async function buildReportModel(source: ReportSource, runId: string, opts: ReportOptions = {}) {
  const run = await source.getRun(runId);
  if (!run) throw new EvalgateError('STORE', `run "${runId}" not found in the store`);
  const [summaries, results, scores] = [
    await source.metricSummary(runId),
    await source.listResults(runId),
    await source.listScores(runId),
  ];
  const main = pickMainMetric(summaries, opts);
  const chartData = summaries.map((s) => ({
    label: s.targetId,
    value: main === 'error_rate' ? s.errorRate : (s.metrics.find((m) => m.metric === main)?.mean ?? null),
  }));
  const counts = run.counts ?? {};
  const countRows = (
    [
      ['Cases', counts.cases],
      ['Calls', counts.calls],
      ['OK', counts.ok],
      ['Errors', counts.errors],
      ['Throttles', counts.throttles],
      ['Bad dataset rows', counts.badRows],
      ['Scorer errors', counts.scorerErrors],
    ] as const
  )
    .filter(
      ([label, v]) =>
        typeof v === 'number' &&
        (v > 0 || !['Throttles', 'Bad dataset rows', 'Scorer errors'].includes(label)),
    )
    .map(([label, v]) => ({ label, value: fmtInt(v as number) }));
  return {
    title: `evalgate report: ${run.suiteName} (${run.runId})`,
    run: {
      runId: run.runId,
      suiteName: run.suiteName,
      suiteFile: run.suiteFile,
      suiteHash: run.suiteHash.slice(0, 12),
      promptVersion: run.promptVersion ?? '–',
      backend: run.backend,
      status: run.status,
      startedAt: fmtTime(run.startedAt),
      finishedAt: fmtTime(run.finishedAt),
      duration: fmtDuration(run.startedAt, run.finishedAt),
    },
    counts: countRows,
    errorsByClass: Object.entries(counts.errorsByClass ?? {}).map(([cls, n]) => ({ cls, n: fmtInt(n) })),
    verdict: verdictView(opts.verdict),
    targets: _targets(summaries, scores),
    metrics: _metrics(summaries),
    mainMetric: main,
    chartSvg: barChartSvg(`Mean ${main} per target`, chartData, (x) => fmtMetric(main, x)),
    retrieval: retrievalSection(scores, sweepMembers(run.config)),
    guardrail: guardrailSection(scores),
    cases: _cases(results, scores, opts.foldChars ?? 280),
    caseCount: fmtInt(results.length),
  };
}

export type ReportModel = Awaited<ReturnType<typeof buildReportModel>>;
