/**
 * The simulation's decision through the product's own gate: the two runs' per-case 0/1 scores become stored-row
 * shapes (RunRows, one target `system`, metric `contains`), src/compare pairs them (compareRunRows: seeded paired
 * bootstrap), and src/gate's evaluateGate judges a policy with one non-inferiority rule. Same rule and same
 * bootstrap as decision.ts's nonInferiorityDecision (the test checks that both agree).
 */
import { compareRunRows, type RunRows } from '../compare/compare.ts';
import { evaluateGate } from '../gate/evaluate.ts';
import type { MetricStats, StoredScore, TargetMetricSummary } from '../store/types.ts';
import type { DecisionOptions, PairedDecision } from './decision.ts';

const TARGET = 'system';
const METRIC = 'contains';

function _rows(runId: string, caseIds: readonly string[], values: readonly number[]): RunRows {
  const scores: StoredScore[] = caseIds.map((caseId, i) => {
    const value = values[i] as number;
    return {
      runId,
      caseId,
      targetId: TARGET,
      repeat: 0,
      metric: METRIC,
      value,
      pass: value >= 1,
      reason: null,
    };
  });
  const results = caseIds.map((caseId) => ({ caseId, targetId: TARGET, repeat: 0 }));
  return { runId, targetIds: [TARGET], results, scores };
}

function _summary(values: readonly number[]): TargetMetricSummary {
  const n = values.length;
  const sum = values.reduce((a, v) => a + v, 0);
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(n - 1, Math.floor(p * n))] ?? null;
  const stats: MetricStats = {
    metric: METRIC,
    n,
    mean: n ? sum / n : null,
    passRate: n ? values.filter((v) => v >= 1).length / n : null,
    passN: n,
    p50: q(0.5),
    p90: q(0.9),
    p95: q(0.95),
    p99: q(0.99),
    min: sorted[0] ?? null,
    max: sorted[n - 1] ?? null,
    sum,
  };
  return {
    targetId: TARGET,
    modelId: null,
    cases: n,
    calls: n,
    ok: n,
    errors: 0,
    errorRate: 0,
    errorsByClass: {},
    inputTokens: null,
    outputTokens: null,
    metrics: [stats],
  };
}

/** evaluateGate's verdict on candidate vs baseline scores (paired by index, named by `caseIds`). */
export function gateNonInferiority(
  caseIds: readonly string[],
  baseline: readonly number[],
  candidate: readonly number[],
  opts: DecisionOptions,
): PairedDecision {
  const base = _rows('baseline', caseIds, baseline);
  const cand = _rows('candidate', caseIds, candidate);
  const cmp = compareRunRows(base, cand, {
    seed: opts.seed ?? 1,
    resamples: opts.resamples ?? 2000,
    level: 0.95,
  });
  const comparison = cmp.targets[0];
  const verdict = evaluateGate(
    {
      candidate: TARGET,
      baseline: TARGET,
      rules: [{ metric: METRIC, nonInferiority: { margin: opts.margin } }],
    },
    {
      runId: 'candidate',
      summaries: [_summary(candidate)],
      baseline: { runId: 'baseline', summaries: [_summary(baseline)], targetId: TARGET },
      ...(comparison ? { comparison } : {}),
    },
  );
  if (verdict.decision === 'error')
    throw new Error(`gate-sim: the gate could not evaluate: ${verdict.summary}`);
  const m = comparison?.metrics.find((x) => x.metric === METRIC);
  if (!m) throw new Error('gate-sim: the comparison has no contains metric');
  return {
    decision: verdict.decision,
    ci: m.diff,
    b: m.mcnemar?.b ?? 0,
    c: m.mcnemar?.c ?? 0,
  };
}
