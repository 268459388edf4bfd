/** The routing summary as plain text (for `evalgate select` and logs): a few lines per router candidate. */
import { fmtInt, fmtMs, fmtNum, fmtPct, fmtUsd } from '../report/format.ts';
import type { RoutingSummary } from './summary.ts';

const _interval = (low: number, high: number) => `[${fmtNum(low)}, ${fmtNum(high)}]`;

function _table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)];
}

function _costLine(s: RoutingSummary): string {
  const c = s.cost;
  if (!c) return 'cost: no cost_usd on both sides (add the cost scorer)';
  const saved = `${fmtUsd(c.savedPer1k)}${c.savedShare === null ? '' : ` (${fmtPct(c.savedShare)})`}`;
  const quality =
    s.equalQuality === null
      ? '; no quality metric compared'
      : s.equalQuality
        ? ' at equal quality'
        : `; quality not shown equal (${s.quality
            .filter((q) => !q.equal)
            .map((q) => q.metric)
            .join(', ')})`;
  return `cost per 1,000 cases: ${fmtUsd(c.routedPer1k)} routed vs ${fmtUsd(c.baselinePer1k)} baseline, saved ${saved}${quality} (${fmtInt(c.pairs)} pairs)`;
}

/** One router candidate's summary as text lines. */
export function formatRoutingSummary(s: RoutingSummary): string {
  const lines: string[] = [];
  lines.push(
    `Routing: ${s.targetId}${s.baseline ? ` vs ${s.baseline}` : ''} (tier label column "${s.tierLabel}", ${fmtInt(s.rows)} routed answers)`,
  );
  const acc = s.accuracy;
  lines.push(
    `  routing accuracy ${fmtPct(acc.value)} (${fmtInt(acc.correct)} of ${fmtInt(acc.labelled)} labelled); by rule ${s.by.rule}, classifier ${s.by.classifier}, default ${s.by.default}${s.unparsed > 0 ? ` (${s.unparsed} classifier answers named no tier)` : ''}`,
  );
  lines.push(
    `  tiers: ${s.tiers.map((t) => `${t.tier} ${fmtInt(t.rows)} (${fmtPct(t.share)}, ${t.model || '?'})`).join(', ')}`,
  );
  if (s.note) lines.push(`  ${s.note}`);
  for (const q of s.quality) {
    const verdict = q.equal ? 'equal' : q.nonInferior ? 'non-inferior' : 'worse or unclear';
    lines.push(
      `  ${q.metric}: ${fmtNum(q.routed)} routed vs ${fmtNum(q.baseline)} baseline, diff ${fmtNum(q.diff.mean)} ${_interval(q.diff.low, q.diff.high)} (n ${fmtInt(q.diff.n)}, margin ±${fmtNum(s.margin)}: ${verdict})`,
    );
  }
  if (s.baseline) lines.push(`  ${_costLine(s)}`);
  const l = s.latency;
  const lat = (f: { p50: number | null; p99: number | null }) => `p50 ${fmtMs(f.p50)}, p99 ${fmtMs(f.p99)}`;
  lines.push(`  latency: routed ${lat(l.routed)}${l.baseline ? `; baseline ${lat(l.baseline)}` : ''}`);
  if (s.confusion.labels.length > 0) {
    const header = ['label \\ routed', ...s.confusion.tiers];
    const rows = s.confusion.labels.map((label, i) => [
      label,
      ...(s.confusion.counts[i] ?? []).map((n) => fmtInt(n)),
    ]);
    lines.push(..._table(header, rows).map((line) => `    ${line}`));
  }
  return lines.join('\n');
}

/** Every summary, separated by blank lines ('' when there is none). */
export function formatRoutingSummaries(summaries: readonly RoutingSummary[]): string {
  return summaries.map(formatRoutingSummary).join('\n\n');
}
