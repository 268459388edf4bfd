/**
 * The report's baseline section: the paired comparison of this run with a baseline run (src/compare), per
 * target pair and metric, and a side-by-side view of the regressed cases (baseline output | candidate output,
 * both runs' scores). Regressions count on quality metrics only (latency and cost move on every case).
 */
import { compareRunRows, type RunRows, resolveTargets } from '../compare/compare.ts';
import type { CaseChange, RunComparison, TargetPair } from '../compare/types.ts';
import { EvalgateError } from '../core/errors.ts';
import type { RunRecord, StoredCaseResult, StoredScore } from '../store/types.ts';
import { scoreKey, scoresByKey, scoreView, textCell } from './case-rows.ts';
import { fmtInt, fmtMetric, fmtNum } from './format.ts';
import { fmtInterval } from './scoreboard.ts';

export interface BaselineOptions {
  /** Regressed cases shown side by side per target pair (the biggest changes first); default 50. */
  diffLimit?: number;
  foldChars?: number;
  maxChars?: number;
  seed?: number;
  resamples?: number;
}

export interface RunData {
  run: RunRecord;
  results: readonly StoredCaseResult[];
  scores: readonly StoredScore[];
}

function _rows(d: RunData): RunRows {
  const targetIds = d.run.targets.map((t) => t.id);
  for (const r of d.results) if (!targetIds.includes(r.targetId)) targetIds.push(r.targetId);
  return { runId: d.run.runId, targetIds, results: d.results, scores: d.scores };
}

/** Same target ids when the runs share any; else the targets paired in suite order (noted in the section). */
function _pairs(base: RunRows, cand: RunRows): { pairs: TargetPair[]; byPosition: boolean } {
  try {
    return { pairs: resolveTargets(base, cand), byPosition: false };
  } catch (err) {
    if (!(err instanceof EvalgateError)) throw err;
    const n = Math.min(base.targetIds.length, cand.targetIds.length);
    const pairs = base.targetIds
      .slice(0, n)
      .map((b, i) => ({ baseline: b, candidate: cand.targetIds[i] ?? b }));
    return { pairs, byPosition: true };
  }
}

export function baselineSection(base: RunData, cand: RunData, opts: BaselineOptions = {}) {
  const b = _rows(base);
  const c = _rows(cand);
  const { pairs, byPosition } = _pairs(b, c);
  const cmp = compareRunRows(b, c, {
    targets: pairs,
    seed: opts.seed ?? 1,
    resamples: opts.resamples ?? 2000,
  });
  const pct = `${Math.round(cmp.level * 100)} %`;
  return {
    runId: base.run.runId,
    suiteName: base.run.suiteName,
    byPosition,
    method: `candidate − baseline, paired by case and repeat; ${pct} percentile bootstrap interval, ${cmp.resamples} resamples, seed ${cmp.seed}`,
    pairs: cmp.targets.map((t) => ({
      baselineTarget: t.baselineTarget,
      candidateTarget: t.candidateTarget,
      paired: fmtInt(t.paired),
      baselineOnly: t.baselineOnly.count,
      candidateOnly: t.candidateOnly.count,
      metrics: t.metrics.map((m) => ({
        metric: m.metric,
        n: fmtInt(m.n),
        baseline: fmtMetric(m.metric, m.baselineMean),
        candidate: fmtMetric(m.metric, m.candidateMean),
        diff: Number.isFinite(m.diff.mean) ? _signed(m.metric, m.diff.mean) : '–',
        ci: fmtInterval(m.metric, m.diff.low, m.diff.high, m.diff.n),
        worse: _worse(m.lowerIsBetter, m.diff.low, m.diff.high),
        regressed: fmtInt(m.regressed.length),
        improved: fmtInt(m.improved.length),
        mcnemarP: m.mcnemar ? fmtNum(m.mcnemar.p) : '',
      })),
    })),
    diffs: _diffs(cmp, base, cand, opts),
  };
}

function _signed(metric: string, x: number): string {
  return x > 0 ? `+${fmtMetric(metric, x)}` : fmtMetric(metric, x);
}

/** The whole interval lies on the bad side of 0: a regression, not a fluke. */
function _worse(lower: boolean, low: number, high: number): boolean {
  return lower ? low > 0 : high < 0;
}

/** Per target pair, the cases that regressed on a quality metric, side by side. */
function _diffs(cmp: RunComparison, base: RunData, cand: RunData, opts: BaselineOptions) {
  const fold = opts.foldChars ?? 280;
  const max = opts.maxChars ?? 4000;
  const limit = opts.diffLimit ?? 50;
  const baseResults = new Map(base.results.map((r) => [scoreKey(r.caseId, r.targetId, r.repeat), r]));
  const candResults = new Map(cand.results.map((r) => [scoreKey(r.caseId, r.targetId, r.repeat), r]));
  const baseScores = scoresByKey(base.scores);
  const candScores = scoresByKey(cand.scores);
  return cmp.targets.flatMap((t) => {
    const changes = new Map<string, { caseId: string; repeat: number; metrics: string[]; size: number }>();
    for (const m of t.metrics) {
      if (m.lowerIsBetter) continue;
      for (const ch of m.regressed) _add(changes, ch, m.metric);
    }
    if (changes.size === 0) return [];
    const sorted = [...changes.values()].sort(
      (x, y) => y.size - x.size || (x.caseId < y.caseId ? -1 : x.caseId > y.caseId ? 1 : x.repeat - y.repeat),
    );
    const cases = sorted.slice(0, limit).map((ch) => {
      const bk = scoreKey(ch.caseId, t.baselineTarget, ch.repeat);
      const ck = scoreKey(ch.caseId, t.candidateTarget, ch.repeat);
      const br = baseResults.get(bk);
      const cr = candResults.get(ck);
      return {
        caseId: ch.caseId,
        repeat: ch.repeat,
        metrics: ch.metrics.join(', '),
        baselineOutput: textCell(br?.outputText ?? br?.errorMessage, fold, max),
        candidateOutput: textCell(cr?.outputText ?? cr?.errorMessage, fold, max),
        baselineScores: (baseScores.get(bk) ?? []).map((s) => scoreView(s, max)),
        candidateScores: (candScores.get(ck) ?? []).map((s) => scoreView(s, max)),
      };
    });
    return [
      {
        baselineTarget: t.baselineTarget,
        candidateTarget: t.candidateTarget,
        total: fmtInt(changes.size),
        shown: fmtInt(cases.length),
        cases,
      },
    ];
  });
}

function _add(
  changes: Map<string, { caseId: string; repeat: number; metrics: string[]; size: number }>,
  ch: CaseChange,
  metric: string,
): void {
  const key = `${ch.caseId}\u0000${ch.repeat}`;
  const entry = changes.get(key) ?? { caseId: ch.caseId, repeat: ch.repeat, metrics: [], size: 0 };
  entry.metrics.push(metric);
  entry.size += Math.abs(ch.delta);
  changes.set(key, entry);
}
