/**
 * `evalgate select`'s text output: per selection a ranked table (candidate, model, cost per 1,000 cases, p50/p99
 * latency, each bar metric's mean [CI], clears?) and its recommendation; the overall recommendation last.
 */
import { fmtMs } from '../report/format.ts';
import { fig } from './rules.ts';
import type { CandidateResult, Selection, SelectResult } from './types.ts';

export function fmtCostPer1k(x: number | null): string {
  return x === null ? 'unknown' : `$${fig(x)}`;
}

/** `nova-lite@1.1.0 (prompt=1.1.0)`: the id, and its swept values / prompt version when present. */
export function candidateLabel(c: Pick<CandidateResult, 'targetId' | 'params' | 'promptVersion'>): string {
  const parts = Object.entries(c.params ?? {}).map(([k, v]) => `${k.split('.').pop()}=${String(v)}`);
  if (c.promptVersion !== undefined && !parts.some((p) => p.startsWith('prompt=')))
    parts.push(`prompt=${c.promptVersion}`);
  return parts.length > 0 ? `${c.targetId} (${parts.join(', ')})` : c.targetId;
}

function _clears(c: CandidateResult): string {
  if (c.clears) return 'yes';
  return c.clearsOnMean ? 'mean only' : 'no';
}

function _table(sel: Selection, metrics: readonly string[]): string {
  const head = ['#', 'candidate', 'model', 'cost/1k cases', 'p50', 'p99', ...metrics, 'clears'];
  const rows = sel.candidates.map((c) => [
    String(c.rank),
    candidateLabel(c),
    c.modelId ?? '–',
    fmtCostPer1k(c.costPer1k),
    fmtMs(c.latencyP50),
    fmtMs(c.latencyP99),
    ...metrics.map((m) => {
      const i = c.metrics[m];
      return i && i.n > 0 ? `${fig(i.mean)} [${fig(i.low)}, ${fig(i.high)}]` : '–';
    }),
    _clears(c),
  ]);
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const numeric = (i: number) => i === 0 || (i >= 3 && i <= 5);
  const line = (r: string[]) =>
    r
      .map((cell, i) => (numeric(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const notes = sel.candidates.flatMap((c) =>
    [...c.flags, ...c.rules.filter((r) => !r.pass).map((r) => r.message)].map((f) => `  ${c.targetId}: ${f}`),
  );
  return [...all.map(line), ...notes].join('\n');
}

/** `recommended: T ($x/1k cases)` after a `why:` line, or `recommended: none — why`. */
export function recommendationLines(sel: Selection, prefix = 'recommended'): string[] {
  if (sel.recommended === null) return [`${prefix}: none — ${sel.reason}`];
  return [
    `why: ${sel.reason}`,
    `${prefix}: ${sel.recommended} (${fmtCostPer1k(sel.recommendedCostPer1k)}/1k cases)`,
  ];
}

export function formatSelection(res: SelectResult, runId: string): string {
  const metrics = [...new Set(res.bar.map((r) => r.metric))];
  const out: string[] = [
    `Select from run ${runId}: ${res.overall.candidates.length} candidate(s), ${res.overall.cases} case(s)`,
    `Bar (judged on the ${Math.round(res.level * 100)} % bootstrap CI bound; seed ${res.seed}, ${res.resamples} resamples): ${res.bar.map(_ruleText).join('; ')}`,
    '',
    _table(res.overall, metrics),
  ];
  for (const t of res.tiers) {
    out.push('', `Tier ${t.scope} (${t.cases} case(s)):`, _table(t, metrics));
    out.push(...recommendationLines(t, `recommended for ${t.scope}`));
  }
  out.push('', ...recommendationLines(res.overall));
  return `${out.join('\n')}\n`;
}

function _ruleText(r: SelectResult['bar'][number]): string {
  if (r.nonInferiority)
    return `${r.metric} non-inferior to ${r.nonInferiority.reference} (margin ${r.nonInferiority.margin})`;
  const parts: string[] = [];
  if (r.min !== undefined) parts.push(`${r.metric} >= ${r.min}`);
  if (r.max !== undefined) parts.push(`${r.metric} <= ${r.max}`);
  return parts.join(', ');
}
