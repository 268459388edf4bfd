/** A Markdown summary of one run for pull-request comments and $GITHUB_STEP_SUMMARY (no links, no emoji). */
import { EvalgateError } from '../core/errors.ts';
import type { RuleVerdict, Verdict } from '../gate/types.ts';
import type { MetricStats, TargetMetricSummary } from '../store/types.ts';
import { type CaseCheck, checkCases, gatedMetrics } from './case-checks.ts';
import { fmtInt, fmtMetric, fmtPct, fmtUsd } from './format.ts';
import type { ReportSource } from './view-model.ts';

export interface MarkdownOptions {
  verdict?: Verdict;
  /** Failing cases listed per target; default 5. */
  topFailing?: number;
}

const BUILT_IN = new Set(['latency_ms', 'ttft_ms', 'error_rate', 'cost_usd']);

/** One table cell: one line, Markdown and HTML specials escaped, control characters dropped, at most `max` chars. */
export function mdCell(text: string, max = 120): string {
  const flat = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return cut
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

const _row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const _table = (head: readonly string[], rows: readonly string[][]) => [
  _row(head),
  _row(head.map(() => '---')),
  ...rows.map(_row),
];

function _ruleFig(r: RuleVerdict, x: number | null | undefined): string {
  if (x === undefined) return '';
  return r.stat === 'pass_rate' ? fmtPct(x) : fmtMetric(r.metric, x);
}

function _verdictLines(v: Verdict | undefined): string[] {
  if (!v) return ['**Verdict: NO GATE** (the suite has no gate policy)'];
  const label = v.decision === 'error' ? 'CANNOT EVALUATE' : v.decision.toUpperCase();
  const base = v.baseline ? `, baseline \`${mdCell(v.baseline)}\`` : '';
  const lines = [
    `**Verdict: ${label}** for candidate \`${mdCell(v.candidate)}\`${base}`,
    '',
    mdCell(v.summary, 400),
  ];
  if (v.rules.length === 0) return lines;
  const withBase = v.rules.some((r) => r.baseline !== undefined);
  const head = ['Rule', 'Actual', 'Min', 'Max', ...(withBase ? ['Baseline'] : []), 'n', 'Result'];
  const rows = v.rules.map((r) => [
    mdCell(r.id),
    _ruleFig(r, r.actual),
    _ruleFig(r, r.min),
    _ruleFig(r, r.max),
    ...(withBase ? [_ruleFig(r, r.baseline)] : []),
    fmtInt(r.n),
    r.pass ? 'pass' : 'FAIL',
  ]);
  return [...lines, '', ..._table(head, rows)];
}

/** The scoreboard's metric columns: gated metrics (minus built-ins), else scorer metrics; at most four. */
function _mainMetrics(verdict: Verdict | undefined, summaries: readonly TargetMetricSummary[]): string[] {
  const gated = [...new Set((verdict?.rules ?? []).map((r) => r.metric))].filter((m) => !BUILT_IN.has(m));
  if (gated.length > 0) return gated.slice(0, 4);
  const all = [...new Set(summaries.flatMap((s) => s.metrics.map((m) => m.metric)))];
  return all.filter((m) => !BUILT_IN.has(m) && !m.endsWith('_tokens')).slice(0, 4);
}

function _meanCell(metric: string, m: MetricStats | undefined): string {
  if (!m) return '–';
  const mean = fmtMetric(metric, m.mean);
  return m.passN > 0 ? `${mean} (${fmtPct(m.passRate)} pass)` : mean;
}

function _scoreboard(verdict: Verdict | undefined, summaries: readonly TargetMetricSummary[]): string[] {
  const main = _mainMetrics(verdict, summaries);
  const head = [
    'Target',
    'Model',
    'Cases',
    'Calls',
    'Errors',
    ...main.map((m) => mdCell(m)),
    'Latency p50',
    'Latency p99',
    'Cost',
  ];
  const rows = summaries.map((s) => {
    const get = (name: string) => s.metrics.find((m) => m.metric === name);
    const lat = get('latency_ms');
    const cost = get('cost_usd');
    return [
      mdCell(s.targetId),
      mdCell(s.modelId ?? '–'),
      fmtInt(s.cases),
      fmtInt(s.calls),
      `${fmtInt(s.errors)} (${fmtPct(s.errorRate)})`,
      ...main.map((m) => _meanCell(m, get(m))),
      fmtMetric('latency_ms', lat?.p50),
      fmtMetric('latency_ms', lat?.p99),
      cost ? fmtUsd(cost.sum) : 'no price',
    ];
  });
  return _table(head, rows);
}

/** Calls (case × repeat) of one target with a failing or erroring check, most problems first. */
function _failing(checks: readonly CaseCheck[], targetId: string) {
  const byCall = new Map<string, CaseCheck[]>();
  for (const c of checks) {
    if (c.targetId !== targetId || (c.outcome !== 'fail' && c.outcome !== 'error')) continue;
    const key = `${c.caseId}\u0000${c.repeat}`;
    const list = byCall.get(key);
    // an error row fails every metric the same way: keep it once
    if (list && c.outcome === 'error') continue;
    if (list) list.push(c);
    else byCall.set(key, [c]);
  }
  return [...byCall.values()]
    .map((list, i) => ({ list, i }))
    .sort((a, b) => b.list.length - a.list.length || a.i - b.i)
    .map((x) => x.list);
}

function _failingSection(
  checks: readonly CaseCheck[],
  targetId: string,
  calls: number,
  top: number,
): string[] {
  const failing = _failing(checks, targetId);
  const title = `#### ${mdCell(targetId)}: ${fmtInt(failing.length)} of ${fmtInt(calls)} calls failing`;
  if (failing.length === 0) return [title];
  const shown = failing.slice(0, top);
  const rows = shown.map((list) => [
    mdCell(list[0]!.caseId),
    String(list[0]!.repeat),
    mdCell(list.map((c) => c.message).join('; '), 200),
  ]);
  const more = failing.length > shown.length ? ['', `and ${fmtInt(failing.length - shown.length)} more`] : [];
  return [title, '', ..._table(['Case', 'Repeat', 'Problem'], rows), ...more];
}

/** The Markdown summary of one run: verdict and rules, per-target scoreboard, the top failing cases per target. */
export async function renderMarkdownReport(
  source: ReportSource,
  runId: string,
  opts: MarkdownOptions = {},
): Promise<string> {
  const run = await source.getRun(runId);
  if (!run) throw new EvalgateError('STORE', `run "${runId}" not found in the store`);
  const summaries = await source.metricSummary(runId);
  const results = await source.listResults(runId);
  const scores = await source.listScores(runId);
  const checks = checkCases(results, scores, gatedMetrics(opts.verdict, scores));
  const meta = [
    `run \`${mdCell(run.runId)}\``,
    `backend ${mdCell(run.backend)}`,
    `prompt ${mdCell(run.promptVersion ?? '–')}`,
    `status ${mdCell(run.status)}`,
  ].join(', ');
  const lines = [
    `## evalgate: ${mdCell(run.suiteName)}`,
    '',
    meta,
    '',
    ..._verdictLines(opts.verdict),
    '',
    '### Targets',
    '',
    ..._scoreboard(opts.verdict, summaries),
    '',
    '### Failing cases',
  ];
  for (const s of summaries) {
    const calls = results.filter((r) => r.targetId === s.targetId).length;
    lines.push('', ..._failingSection(checks, s.targetId, calls, opts.topFailing ?? 5));
  }
  return `${lines.join('\n')}\n`;
}
