/** One metric of one target pair: paired means, the bootstrap interval of the difference, McNemar, changed cases. */

import { mcnemarFromPairs, pairedBootstrapCi } from '../stats/paired.ts';
import type { StoredScore } from '../store/types.ts';
import type { CaseChange, MetricComparison } from './types.ts';

export interface BootSettings {
  seed: number;
  resamples: number;
  level: number;
}

/** Metrics where a higher value is worse: latency, time to first token, tokens, cost, errors. */
const _LOWER_IS_BETTER = /(^|[_.-])(latency|ttft|tokens?|cost|usd|ms|errors?|error_rate)($|[_.@-])/i;
const _EPS = 1e-12;

export function lowerIsBetter(metric: string): boolean {
  return _LOWER_IS_BETTER.test(metric);
}

export function compareMetric(
  metric: string,
  base: Map<string, StoredScore>,
  cand: Map<string, StoredScore>,
  boot: BootSettings,
): MetricComparison {
  const lower = lowerIsBetter(metric);
  const pairs: [StoredScore, StoredScore][] = [];
  for (const k of base.keys()) {
    const b = base.get(k);
    const c = cand.get(k);
    if (b && c && Number.isFinite(b.value) && Number.isFinite(c.value)) pairs.push([b, c]);
  }
  const bv = pairs.map(([b]) => b.value);
  const cv = pairs.map(([, c]) => c.value);
  pairs.sort(([x], [y]) => (x.caseId < y.caseId ? -1 : x.caseId > y.caseId ? 1 : x.repeat - y.repeat));
  const n = pairs.length;
  const withPass = pairs.filter(([b, c]) => b.pass !== null && c.pass !== null);
  const regressed: CaseChange[] = [];
  const improved: CaseChange[] = [];
  for (const [b, c] of pairs) {
    const change = _change(b, c, lower);
    if (change === 0) continue;
    const row: CaseChange = {
      caseId: b.caseId,
      repeat: b.repeat,
      baseline: b.value,
      candidate: c.value,
      delta: c.value - b.value,
      baselinePass: b.pass,
      candidatePass: c.pass,
    };
    (change < 0 ? regressed : improved).push(row);
  }
  const biggestFirst = (x: CaseChange, y: CaseChange) => Math.abs(y.delta) - Math.abs(x.delta);
  return {
    metric,
    lowerIsBetter: lower,
    n,
    baselineMean: n ? _mean(bv) : null,
    candidateMean: n ? _mean(cv) : null,
    diff: pairedBootstrapCi(bv, cv, boot),
    mcnemar: withPass.length ? mcnemarFromPairs(withPass.map(([b, c]) => [b.pass, c.pass])) : null,
    regressed: regressed.sort(biggestFirst),
    improved: improved.sort(biggestFirst),
  };
}

/** −1 worse, 1 better, 0 same: by pass/fail when both sides have one, else by value in the metric's direction. */
function _change(b: StoredScore, c: StoredScore, lower: boolean): -1 | 0 | 1 {
  if (b.pass !== null && c.pass !== null) return b.pass === c.pass ? 0 : c.pass ? 1 : -1;
  const d = c.value - b.value;
  if (Math.abs(d) <= _EPS * Math.max(1, Math.abs(b.value))) return 0;
  return d > 0 !== lower ? 1 : -1;
}

function _mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
