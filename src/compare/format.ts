/** The comparison as a readable plain-text table, one block per target pair. */
import { fmtNum } from '../report/format.ts';
import type {
  CaseChange,
  MetricComparison,
  RunComparison,
  TargetComparison,
  UnpairedCases,
} from './types.ts';

/** How many regressed / improved case names a block lists per metric (the JSON has them all). */
const _LIST = 10;

export function formatComparison(cmp: RunComparison): string {
  const pct = Math.round(cmp.level * 100);
  const head =
    `Baseline:  ${cmp.baselineRunId}\nCandidate: ${cmp.candidateRunId}\n` +
    `Difference = candidate − baseline, paired by case and repeat; ${pct}% CI: percentile bootstrap, ` +
    `${cmp.resamples} resamples, seed ${cmp.seed}. McNemar: b = pass→fail, c = fail→pass.\n`;
  return [head, ...cmp.targets.map((t) => _target(t, pct))].join('\n');
}

function _target(t: TargetComparison, pct: number): string {
  const title =
    t.baselineTarget === t.candidateTarget
      ? `Target ${t.baselineTarget}`
      : `Target ${t.baselineTarget} (baseline) vs ${t.candidateTarget} (candidate)`;
  const lines = [
    `${title}: ${t.paired} paired cases; unpaired: ${_unpaired('baseline only', t.baselineOnly)}, ` +
      `${_unpaired('candidate only', t.candidateOnly)}`,
  ];
  const rows = [
    [
      'metric',
      'n',
      'baseline',
      'candidate',
      'diff',
      `${pct}% CI`,
      'McNemar b/c',
      'p',
      'regressed',
      'improved',
    ],
    ...t.metrics.map(_row),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows)
    lines.push(
      `  ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`,
    );
  for (const m of t.metrics) {
    if (m.regressed.length) lines.push(`  ${m.metric} regressed: ${_cases(m.regressed)}`);
    if (m.improved.length) lines.push(`  ${m.metric} improved:  ${_cases(m.improved)}`);
  }
  return `${lines.join('\n')}\n`;
}

function _row(m: MetricComparison): string[] {
  const mc = m.mcnemar;
  return [
    m.metric + (m.lowerIsBetter ? ' ↓' : ''),
    String(m.n),
    fmtNum(m.baselineMean),
    fmtNum(m.candidateMean),
    _signed(m.diff.mean),
    `[${_signed(m.diff.low)}, ${_signed(m.diff.high)}]`,
    mc ? `${mc.b}/${mc.c}` : '–',
    mc ? _p(mc.p) : '–',
    String(m.regressed.length),
    String(m.improved.length),
  ];
}

function _unpaired(label: string, u: UnpairedCases): string {
  if (u.count === 0) return `${label} 0`;
  const more = u.count > u.names.length ? ` … ${u.count - u.names.length} more` : '';
  return `${label} ${u.count} (${u.names.join(', ')}${more})`;
}

function _cases(changes: readonly CaseChange[]): string {
  const names = changes.slice(0, _LIST).map((c) => (c.repeat === 0 ? c.caseId : `${c.caseId}#${c.repeat}`));
  const more = changes.length > _LIST ? ` … ${changes.length - _LIST} more` : '';
  return names.join(', ') + more;
}

function _signed(x: number): string {
  if (Number.isNaN(x)) return '–';
  const s = fmtNum(x);
  return x > 0 ? `+${s}` : s;
}

function _p(p: number): string {
  return p < 0.0001 ? '<0.0001' : String(Number(p.toPrecision(3)));
}
