import { describe, expect, it } from 'vitest';
import type { MetricStats, TargetMetricSummary } from '../store/types.ts';
import { evaluateGate, fmt } from './evaluate.ts';
import { verdictExitCode } from './exit-code.ts';
import type { GatePolicy } from './types.ts';

function stats(metric: string, values: number[], passes?: boolean[]): MetricStats {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = values.reduce((a, b) => a + b, 0);
  const passN = passes?.length ?? 0;
  return {
    metric,
    n: values.length,
    mean: sum / values.length,
    passRate: passN === 0 ? null : (passes?.filter(Boolean).length ?? 0) / passN,
    passN,
    // figures below are set by hand in each fixture where a rule reads them
    p50: sorted[Math.floor(sorted.length / 2)] ?? null,
    p90: null,
    p95: null,
    p99: null,
    min: sorted[0] ?? null,
    max: sorted[sorted.length - 1] ?? null,
    sum,
  };
}

function target(
  targetId: string,
  calls: number,
  errors: number,
  metrics: MetricStats[],
): TargetMetricSummary {
  return {
    targetId,
    modelId: `model-${targetId}`,
    cases: calls,
    calls,
    ok: calls - errors,
    errors,
    errorRate: errors / calls,
    errorsByClass: errors > 0 ? { ThrottlingException: errors } : {},
    inputTokens: null,
    outputTokens: null,
    metrics,
  };
}

// lite: contains over 5 cases = 1,1,1,0,1 → mean 0.8; latency p99 set to 2900; 0 errors of 5 calls.
const lite = target('lite', 5, 0, [
  stats('contains', [1, 1, 1, 0, 1], [true, true, true, false, true]),
  { ...stats('latency_ms', [100, 200, 300, 400, 3000]), p99: 2900 },
]);
// pro: contains 1,1,1,1 → mean 1 over 4 ok calls, 1 error of 5 calls → error_rate 0.2; latency p99 4000.
const pro = target('pro', 5, 1, [
  stats('contains', [1, 1, 1, 1], [true, true, true, true]),
  { ...stats('latency_ms', [500, 600, 700, 4100]), p99: 4000 },
]);
const summaries = [lite, pro];

const policy: GatePolicy = {
  candidate: 'lite',
  rules: [
    { metric: 'contains', stat: 'mean', min: 0.6 },
    { metric: 'error_rate', max: 0.01 },
    { metric: 'latency_ms', stat: 'p99', max: 3000 },
  ],
};

describe('evaluateGate', () => {
  it('promotes when every rule passes, with each rule figure', () => {
    const v = evaluateGate(policy, { runId: 'r1', summaries });
    expect(v.decision).toBe('promote');
    expect(v.runId).toBe('r1');
    expect(v.rules).toEqual([
      {
        id: 'contains.mean',
        metric: 'contains',
        stat: 'mean',
        min: 0.6,
        actual: 0.8,
        n: 5,
        pass: true,
        message: 'contains mean = 0.8 >= min 0.6',
      },
      {
        id: 'error_rate.value',
        metric: 'error_rate',
        stat: 'value',
        max: 0.01,
        actual: 0,
        n: 5,
        pass: true,
        message: 'error_rate = 0 <= max 0.01',
      },
      {
        id: 'latency_ms.p99',
        metric: 'latency_ms',
        stat: 'p99',
        max: 3000,
        actual: 2900,
        n: 5,
        pass: true,
        message: 'latency_ms p99 = 2900 <= max 3000',
      },
    ]);
    expect(v.summary).toBe('promote: all 3 rules passed for "lite"');
    expect(verdictExitCode(v)).toBe(0);
  });

  it('rolls back naming the failing rules', () => {
    const v = evaluateGate({ ...policy, candidate: 'pro', baseline: 'lite' }, { runId: 'r1', summaries });
    expect(v.decision).toBe('rollback');
    expect(v.rules.map((r) => [r.id, r.pass, r.actual, r.baseline])).toEqual([
      ['contains.mean', true, 1, 0.8],
      ['error_rate.value', false, 0.2, 0],
      ['latency_ms.p99', false, 4000, 2900],
    ]);
    expect(v.rules[1]?.message).toBe('error_rate = 0.2 > max 0.01');
    expect(v.summary).toBe(
      'rollback: 2 of 3 rules failed for "pro": error_rate = 0.2 > max 0.01; latency_ms p99 = 4000 > max 3000',
    );
    expect(v.baseline).toBe('lite');
    expect(verdictExitCode(v)).toBe(1);
  });

  it('checks min and max of one rule, pass_rate, and numbers repeated rule ids', () => {
    const v = evaluateGate(
      {
        candidate: 'lite',
        rules: [
          { metric: 'contains', stat: 'pass_rate', min: 0.9 },
          { metric: 'contains', stat: 'pass_rate', min: 0.5, max: 0.79 },
          { metric: 'latency_ms', stat: 'sum', min: 4000, max: 4000 },
        ],
      },
      { runId: 'r1', summaries },
    );
    expect(v.rules.map((r) => [r.id, r.actual, r.n, r.pass, r.message])).toEqual([
      ['contains.pass_rate', 0.8, 5, false, 'contains pass_rate = 0.8 < min 0.9'],
      ['contains.pass_rate#2', 0.8, 5, false, 'contains pass_rate = 0.8 > max 0.79'],
      ['latency_ms.sum', 4000, 5, true, 'latency_ms sum = 4000 >= min 4000 and <= max 4000'],
    ]);
    expect(v.decision).toBe('rollback');
  });

  it('cannot evaluate when a rule metric is absent', () => {
    const v = evaluateGate(
      { candidate: 'lite', rules: [...policy.rules, { metric: 'faithfulness', min: 0.7 }] },
      { runId: 'r1', summaries },
    );
    expect(v.decision).toBe('error');
    expect(v.rules[3]).toMatchObject({ actual: null, pass: false });
    expect(v.rules[3]?.message).toBe(
      'metric "faithfulness" not found for the candidate (metrics: contains, latency_ms)',
    );
    expect(v.summary).toMatch(
      /^error: cannot evaluate the gate for "lite": faithfulness\.mean: metric "faithfulness"/,
    );
    expect(verdictExitCode(v)).toBe(2);
  });

  it('cannot evaluate when the candidate has no results', () => {
    const v = evaluateGate({ ...policy, candidate: 'haiku' }, { runId: 'r9', summaries });
    expect(v.decision).toBe('error');
    expect(v.summary).toBe(
      'error: cannot evaluate the gate for "haiku": candidate "haiku" has no results in run r9',
    );
    expect(v.rules.every((r) => r.actual === null && !r.pass)).toBe(true);
    expect(verdictExitCode(v)).toBe(2);
  });

  it('cannot evaluate when every call of the candidate errored', () => {
    const dead = target('lite', 3, 3, []);
    const v = evaluateGate(
      { candidate: 'lite', rules: [{ metric: 'error_rate', max: 0.5 }] },
      { runId: 'r1', summaries: [dead] },
    );
    expect(v.decision).toBe('error');
    expect(v.rules[0]).toMatchObject({ actual: 1, pass: false });
    expect(v.summary).toContain('all 3 calls of candidate "lite" errored (ThrottlingException: 3)');
  });

  it('cannot evaluate a pass_rate of a metric without pass/fail, or a policy without rules', () => {
    const v = evaluateGate(
      { candidate: 'lite', rules: [{ metric: 'latency_ms', stat: 'pass_rate', min: 0.9 }] },
      { runId: 'r1', summaries },
    );
    expect(v.decision).toBe('error');
    expect(v.rules[0]?.message).toBe('latency_ms pass_rate: cannot be computed (no value has a pass/fail)');
    expect(evaluateGate({ candidate: 'lite', rules: [] }, { runId: 'r1', summaries }).decision).toBe('error');
  });

  it('reads the baseline figures from a baseline run when given', () => {
    const oldLite = target('lite', 4, 0, [stats('contains', [1, 0, 0, 1])]);
    const v = evaluateGate(
      { candidate: 'lite', baseline: 'lite', rules: [{ metric: 'contains', min: 0.6 }] },
      { runId: 'r2', summaries, baseline: { runId: 'r1', summaries: [oldLite] } },
    );
    expect(v.rules[0]).toMatchObject({ actual: 0.8, baseline: 0.5, pass: true });
    expect(v.decision).toBe('promote');
  });
});

describe('fmt', () => {
  it('keeps six significant digits', () => {
    expect(fmt(0.1 + 0.2)).toBe('0.3');
    expect(fmt(1234.56789)).toBe('1234.57');
    expect(fmt(2 / 3)).toBe('0.666667');
  });
});

describe('verdictExitCode', () => {
  it('maps promote/rollback/error to 0/1/2', () => {
    expect([verdictExitCode({ decision: 'promote' }), verdictExitCode({ decision: 'rollback' })]).toEqual([
      0, 1,
    ]);
    expect(verdictExitCode({ decision: 'error' })).toBe(2);
  });
});
