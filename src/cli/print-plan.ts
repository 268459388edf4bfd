import type { DryRunResult } from '../pipeline/evaluate.ts';
import type { SuitePlanEstimate, TargetEstimate } from '../plan/dry-run.ts';

const HEAD = ['target', 'model', 'calls', 'cached', 'to send', 'input tok≈', 'output tok ≤', 'cost USD ≈'];

/** The `--dry-run` plan: one block per suite, one row per target, then the totals. */
export function formatDryRun(result: DryRunResult): string {
  const out: string[] = [];
  for (const s of result.suites) out.push(..._suite(s), '');
  const all = result.suites.flatMap((s) => s.targets);
  const cost = _sumCost(all);
  out.push(
    `dry run: ${_n(_sum(all, 'toSend'))} model calls would be made, ${_n(_sum(all, 'cacheHits'))} answered from ` +
      `the cache; estimated cost ${cost.text}. No model was called and no run was recorded.`,
  );
  return `${out.join('\n')}\n`;
}

function _suite(s: SuitePlanEstimate): string[] {
  const repeats = s.repeats === 1 ? '1 repeat' : `${s.repeats} repeats`;
  const lines = [
    `${s.suite} (${s.suiteFile}): ${_n(s.cases)} cases × ${s.targets.length} targets × ${repeats}` +
      (s.badRows ? `, ${s.badRows} bad dataset rows skipped` : ''),
  ];
  if (s.resume) lines.push(`resuming run ${s.resume.runId}: ${_n(s.resume.done)} calls already stored as ok`);
  const rows = s.targets.map(_row);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const fmt = (cells: string[]) =>
    `  ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`;
  lines.push(fmt(HEAD), ...rows.map(fmt));
  for (const t of s.targets) {
    if (t.renderErrors) lines.push(`  ${t.targetId}: ${t.renderErrors} calls cannot render their prompt`);
  }
  for (const j of s.judges) {
    const cost = j.costUsd === null ? 'no price' : `≈ $${_usd(j.costUsd)}`;
    lines.push(
      `  judge ${j.scorer} (${j.model}): ≈ ${_n(j.calls)} calls, input tok ≈ ${_n(j.inputTokens)}, ` +
        `output tok ≤ ${_n(j.maxOutputTokens)}, cost ${cost} (before judge cache hits)`,
    );
  }
  return lines;
}

function _row(t: TargetEstimate): string[] {
  const unbounded = t.maxOutputTokens === null && t.toSend > 0;
  return [
    t.targetId,
    t.modelId,
    _n(t.calls),
    _n(t.cacheHits),
    _n(t.toSend),
    _n(t.inputTokens),
    unbounded ? 'no maxTokens' : _n(t.maxOutputTokens ?? 0),
    t.costUsd === null ? 'no price' : `${unbounded ? '≥ ' : ''}${_usd(t.costUsd)}`,
  ];
}

function _sum(ts: readonly TargetEstimate[], key: 'toSend' | 'cacheHits'): number {
  return ts.reduce((n, t) => n + t[key], 0);
}

function _sumCost(ts: readonly TargetEstimate[]): { text: string } {
  const usd = ts.reduce((n, t) => n + (t.costUsd ?? 0), 0);
  const partial = ts.some((t) => t.toSend > 0 && (t.costUsd === null || t.maxOutputTokens === null));
  return { text: `${partial ? 'at least ' : 'at most '}$${_usd(usd)}` };
}

function _n(v: number): string {
  return v.toLocaleString('en-US');
}

function _usd(v: number): string {
  return v >= 1
    ? v.toFixed(2)
    : v
        .toPrecision(2)
        .replace(/(\.\d*?)0+$/, '$1')
        .replace(/\.$/, '');
}
