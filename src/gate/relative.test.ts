import { describe, expect, it } from 'vitest';
import { compareRunRows, type RunRows } from '../compare/index.ts';
import type { TargetComparison } from '../compare/types.ts';
import { pairedBootstrapCi } from '../stats/paired.ts';
import { metricStats } from '../store/summary.ts';
import type { MetricStats, StoredScore, TargetMetricSummary } from '../store/types.ts';
import { evaluateGate } from './evaluate.ts';
import { verdictExitCode } from './exit-code.ts';
import type { GatePolicy, GateRule } from './types.ts';

/** One run with targets `base` and `cand` scoring `metric` over cases c0, c1, …. */
function rows(metric: string, base: number[], cand: number[]): RunRows {
  const scores: StoredScore[] = [];
  const results: RunRows['results'][number][] = [];
  const add = (targetId: string, values: number[]) =>
    values.forEach((value, i) => {
      results.push({ caseId: `c${i}`, targetId, repeat: 0 });
      scores.push({
        runId: 'r1',
        caseId: `c${i}`,
        targetId,
        repeat: 0,
        metric,
        value,
        pass: null,
        reason: null,
      });
    });
  add('base', base);
  add('cand', cand);
  return { runId: 'r1', targetIds: ['base', 'cand'], results, scores };
}

function comparison(metric: string, base: number[], cand: number[]): TargetComparison {
  const r = rows(metric, base, cand);
  return compareRunRows(r, r, { targets: [{ baseline: 'base', candidate: 'cand' }], seed: 1 })
    .targets[0] as TargetComparison;
}

function stats(metric: string, values: number[], extra: Partial<MetricStats> = {}): MetricStats {
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  return metricStats(metric, { n: values.length, mean, ...extra });
}

function summary(targetId: string, metrics: MetricStats[], calls = 4, errors = 0): TargetMetricSummary {
  return {
    targetId,
    modelId: null,
    cases: calls,
    calls,
    ok: calls - errors,
    errors,
    errorRate: errors / calls,
    errorsByClass: {},
    inputTokens: null,
    outputTokens: null,
    metrics,
  };
}

function gate(rule: GateRule, metric: string, base: number[], cand: number[]) {
  const policy: GatePolicy = { candidate: 'cand', baseline: 'base', rules: [rule] };
  const summaries = [summary('base', [stats(metric, base)]), summary('cand', [stats(metric, cand)])];
  return evaluateGate(policy, { runId: 'r1', summaries, comparison: comparison(metric, base, cand) });
}

describe('non-inferiority rules', () => {
  it('a constant loss of 0.05 has the CI [-0.05, -0.05]: passes a 0.1 margin, fails a 0.04 margin', () => {
    const base = [1, 1, 0.5, 0.8];
    const cand = [0.95, 0.95, 0.45, 0.75];
    const pass = gate({ metric: 'quality', nonInferiority: { margin: 0.1 } }, 'quality', base, cand);
    expect(pass.decision).toBe('promote');
    const r = pass.rules[0];
    expect(r).toMatchObject({ id: 'quality.mean.non_inferiority', kind: 'nonInferiority', n: 4, pass: true });
    expect(r?.actual).toBeCloseTo(0.775, 12);
    expect(r?.baseline).toBeCloseTo(0.825, 12);
    expect(r?.ciLow).toBeCloseTo(-0.05, 12);
    expect(r?.ciHigh).toBeCloseTo(-0.05, 12);
    expect(r).toMatchObject({ margin: 0.1, lowerIsBetter: false });
    expect(r?.message).toBe(
      'quality non-inferiority: mean diff -0.05 (95% CI -0.05..-0.05), lower bound -0.05 > -margin -0.1 (n = 4)',
    );
    const fail = gate({ metric: 'quality', nonInferiority: { margin: 0.04 } }, 'quality', base, cand);
    expect(fail.decision).toBe('rollback');
    expect(fail.rules[0]?.message).toContain('lower bound -0.05 <= -margin -0.04');
    expect(verdictExitCode(fail)).toBe(1);
  });

  it('at the margin: diffs {0, -0.25} give a CI of [-0.25, 0]; the lower bound must be strictly above -margin', () => {
    // 2 pairs: resample means are 0 (p 1/4), -0.125 (1/2), -0.25 (1/4); with 2,000 resamples ~500 are -0.25, so
    // the 2.5 % quantile is -0.25 and the 97.5 % quantile 0 (all exact in binary floating point).
    const base = [1, 1];
    const cand = [1, 0.75];
    const at = gate({ metric: 'quality', nonInferiority: { margin: 0.25 } }, 'quality', base, cand);
    expect(at.rules[0]).toMatchObject({ ciLow: -0.25, ciHigh: 0, diff: -0.125, pass: false });
    const above = gate({ metric: 'quality', nonInferiority: { margin: 0.2501 } }, 'quality', base, cand);
    expect(above.rules[0]?.pass).toBe(true);
  });

  it('uses the seeded paired bootstrap of src/stats for the interval', () => {
    const base = [0.9, 0.7, 0.8, 1, 0.6, 0.75];
    const cand = [0.85, 0.8, 0.7, 0.95, 0.65, 0.6];
    const ci = pairedBootstrapCi(base, cand, { seed: 1, resamples: 2000, level: 0.95 });
    const v = gate({ metric: 'quality', nonInferiority: { margin: 0.2 } }, 'quality', base, cand);
    expect(v.rules[0]).toMatchObject({ ciLow: ci.low, ciHigh: ci.high, diff: ci.mean });
    expect(v.rules[0]?.pass).toBe(ci.low > -0.2);
  });

  it('flips for lower-is-better metrics: the UPPER bound of the difference must be < +margin', () => {
    // cost rises by exactly 0.002 per case → CI [0.002, 0.002]
    const base = [0.01, 0.02, 0.03];
    const cand = [0.012, 0.022, 0.032];
    const fail = gate({ metric: 'cost_usd', nonInferiority: { margin: 0.001 } }, 'cost_usd', base, cand);
    expect(fail.rules[0]).toMatchObject({ lowerIsBetter: true, pass: false });
    expect(fail.rules[0]?.message).toContain('upper bound 0.002 >= margin 0.001');
    const pass = gate({ metric: 'cost_usd', nonInferiority: { margin: 0.003 } }, 'cost_usd', base, cand);
    expect(pass.rules[0]?.pass).toBe(true);
    expect(pass.decision).toBe('promote');
  });

  it('cannot evaluate without a comparison, with n = 0 pairs, or when the baseline lacks the metric', () => {
    const rule: GateRule = { metric: 'quality', nonInferiority: { margin: 0.1 } };
    const policy: GatePolicy = { candidate: 'cand', baseline: 'base', rules: [rule] };
    const both = [summary('base', [stats('quality', [1])]), summary('cand', [stats('quality', [1])])];
    const none = evaluateGate(policy, { runId: 'r1', summaries: both });
    expect(none.decision).toBe('error');
    expect(none.summary).toContain('no paired comparison of candidate and baseline');
    const empty = comparison('quality', [], []);
    const zero = evaluateGate(policy, { runId: 'r1', summaries: both, comparison: empty });
    expect(zero.decision).toBe('error');
    expect(zero.summary).toContain('no paired cases (n = 0) between "cand" and "base"');
    const lacking = [summary('base', [stats('other', [1])]), summary('cand', [stats('quality', [1])])];
    const missing = evaluateGate(policy, { runId: 'r1', summaries: lacking, comparison: empty });
    expect(missing.decision).toBe('error');
    expect(missing.rules[0]?.message).toBe(
      'metric "quality" not found for the baseline "base" in run r1 (metrics: other)',
    );
    const noBase = evaluateGate({ candidate: 'cand', rules: [rule] }, { runId: 'r1', summaries: both });
    expect(noBase.summary).toContain('needs a baseline (set gate.baseline, or pass --baseline RUN)');
    expect(verdictExitCode(noBase)).toBe(2);
  });
});

describe('ratio rules', () => {
  const summaries = [
    summary('base', [stats('latency_ms', [1], { p99: 2900 }), stats('cost_usd', [0.01, 0.03])]),
    summary('cand', [stats('latency_ms', [1], { p99: 4000 }), stats('cost_usd', [0.02, 0.03])]),
  ];
  const policy = (rules: GateRule[]): GatePolicy => ({ candidate: 'cand', baseline: 'base', rules });

  it('p99 <= 2 × baseline passes (4000 <= 5800); cost mean 0.025 > 1.2 × 0.02 = 0.024 fails', () => {
    const v = evaluateGate(
      policy([
        { metric: 'latency_ms', stat: 'p99', maxRatio: 2 },
        { metric: 'cost_usd', maxRatio: 1.2 },
      ]),
      { runId: 'r1', summaries },
    );
    expect(v.decision).toBe('rollback');
    expect(v.rules[0]).toMatchObject({
      id: 'latency_ms.p99.ratio',
      kind: 'ratio',
      actual: 4000,
      baseline: 2900,
      maxRatio: 2,
      pass: true,
      message: 'latency_ms p99 = 4000 <= 2 × baseline 2900 = 5800 (ratio 1.37931)',
    });
    expect(v.rules[0]?.ratio).toBeCloseTo(4000 / 2900, 12);
    expect(v.rules[1]).toMatchObject({ id: 'cost_usd.mean.ratio', n: 2, pass: false });
    expect(v.rules[1]?.message).toBe('cost_usd mean = 0.025 > 1.2 × baseline 0.02 = 0.024 (ratio 1.25)');
  });

  it('reads the baseline from another run: the same-named target there', () => {
    const old = [summary('cand', [stats('latency_ms', [1], { p99: 1000 })])];
    const v = evaluateGate(
      { candidate: 'cand', rules: [{ metric: 'latency_ms', stat: 'p99', maxRatio: 2 }] },
      { runId: 'r2', summaries, baseline: { runId: 'r1', summaries: old, targetId: 'cand' } },
    );
    expect(v).toMatchObject({ decision: 'rollback', baseline: 'cand', baselineRunId: 'r1' });
    expect(v.rules[0]?.message).toBe('latency_ms p99 = 4000 > 2 × baseline 1000 = 2000 (ratio 4)');
  });

  it('cannot evaluate when the baseline target has no results or lacks the metric', () => {
    const gone = evaluateGate(policy([{ metric: 'cost_usd', maxRatio: 1.2 }]), {
      runId: 'r2',
      summaries,
      baseline: { runId: 'r1', summaries: [], targetId: 'base' },
    });
    expect(gone.decision).toBe('error');
    expect(gone.summary).toContain('the baseline "base" in run r1 has no results');
    const lacks = evaluateGate(policy([{ metric: 'ttft_ms', stat: 'p99', maxRatio: 2 }]), {
      runId: 'r1',
      summaries,
    });
    expect(lacks.rules[0]?.message).toBe(
      'metric "ttft_ms" not found for candidate (metrics: latency_ms, cost_usd)',
    );
  });
});
