import { describe, expect, it } from 'vitest';
import { evaluateCanaryStage, nextStageOf } from './canary.ts';
import { verdictExitCode } from './exit-code.ts';
import { liveSide, parseLiveMetrics } from './live-metrics.ts';

const live = (cand: object, base: object = { requests: 6000, errors: 12, p50Ms: 100, p99Ms: 400 }) =>
  JSON.stringify({ candidate: cand, baseline: base });

function judge(stage: number, text: string, policy?: Parameters<typeof evaluateCanaryStage>[0]) {
  const m = parseLiveMetrics(text, 'live.json');
  return evaluateCanaryStage(policy, {
    runId: 'live',
    candidate: 'v2',
    stage,
    current: liveSide(m.candidate),
    baseline: liveSide(m.baseline),
    baselineLabel: 'baseline',
  });
}

describe('canary stages', () => {
  it('promotes at 25 with the default rules and names the next stage 50', () => {
    // error rate 4 / 2000 = 0.002 <= 0.01; p99 700 <= 2 × 400 = 800
    const v = judge(25, live({ requests: 2000, errors: 4, p50Ms: 110, p99Ms: 700 }));
    expect(v).toMatchObject({ decision: 'promote', stage: 25, nextStage: 50, baseline: 'baseline' });
    expect(v.rules.map((r) => [r.id, r.actual, r.baseline, r.pass, r.message])).toEqual([
      ['error_rate', 0.002, 0.002, true, 'error_rate = 0.002 <= max 0.01'],
      ['p99_ms.ratio', 700, 400, true, 'p99_ms = 700 <= 2 × baseline 400 = 800'],
    ]);
    expect(v.rules[1]).toMatchObject({ kind: 'ratio', maxRatio: 2, ratio: 1.75, n: 2000 });
    expect(v.summary).toBe('promote at stage 25%: all 2 canary rules passed for "v2"; next stage 50%');
    expect(verdictExitCode(v)).toBe(0);
  });

  it('rolls back on a 2 % error rate, and on p99 above 2 × baseline', () => {
    const v = judge(25, live({ requests: 1000, errors: 20, p99Ms: 900 }));
    expect(v.decision).toBe('rollback');
    expect(v.nextStage).toBe(50);
    expect(v.rules.map((r) => r.message)).toEqual([
      'error_rate = 0.02 > max 0.01',
      'p99_ms = 900 > 2 × baseline 400 = 800',
    ]);
    expect(verdictExitCode(v)).toBe(1);
  });

  it('finishes at 100 (nextStage null) and uses the policy stages and rules when given', () => {
    expect(judge(100, live({ requests: 10, errors: 0, p99Ms: 1 })).nextStage).toBeNull();
    expect(judge(100, live({ requests: 10, errors: 0, p99Ms: 1 })).summary).toContain('rollout complete');
    const policy = {
      stages: [5, 50, 100],
      rules: [
        { metric: 'contains', min: 0.8 },
        { metric: 'cost_per_request', maxRatio: 1.2 },
      ],
    };
    const v = judge(
      5,
      live(
        { requests: 100, errors: 0, costPerRequest: 0.0004, quality: { contains: 0.82 } },
        { requests: 100, errors: 0, costPerRequest: 0.0003 },
      ),
      policy,
    );
    expect(v.nextStage).toBe(50);
    expect(v.decision).toBe('rollback');
    expect(v.rules.map((r) => [r.id, r.pass])).toEqual([
      ['contains', true],
      ['cost_per_request.ratio', false],
    ]);
    expect(v.rules[1]?.message).toBe('cost_per_request = 0.0004 > 1.2 × baseline 0.0003 = 0.00036');
  });

  it('cannot evaluate: a stage not in the list, no requests, a figure not measured', () => {
    const off = judge(30, live({ requests: 10, errors: 0, p99Ms: 1 }));
    expect(off.decision).toBe('error');
    expect(off.summary).toContain('stage 30 is not one of the stages (10, 25, 50, 75, 100)');
    const none = judge(10, live({ requests: 0, errors: 0, p99Ms: 1 }));
    expect(none.summary).toContain('the candidate served no requests (n = 0)');
    const noP99 = judge(10, live({ requests: 10, errors: 0 }));
    expect(noP99.decision).toBe('error');
    expect(noP99.rules[1]?.message).toBe('p99_ms: not measured for the candidate');
    expect(verdictExitCode(noP99)).toBe(2);
    expect(nextStageOf([10, 25], 25)).toBeNull();
    expect(nextStageOf([10, 25], 20)).toBeUndefined();
  });
});

describe('parseLiveMetrics', () => {
  it('reports the first problem as one line naming the file', () => {
    const bad = (text: string) => () => parseLiveMetrics(text, 'live.json');
    expect(bad('{"candidate": ')).toThrow(/^live\.json: invalid JSON: /);
    expect(bad(live({ requests: 10, errors: 11 }))).toThrow(
      'live.json: candidate.errors: expected at most requests (10), got 11',
    );
    expect(bad(live({ requests: 10, errors: 0, p99Ms: 'fast' }))).toThrow(
      'live.json: candidate.p99Ms: expected a number, got "fast"',
    );
    expect(bad(JSON.stringify({ candidate: { requests: 1, errors: 0 } }))).toThrow(
      'live.json: baseline: missing required field (expected a mapping)',
    );
    expect(bad(live({ requests: 1, errors: 0, p95: 3 }))).toThrow(
      /^live\.json: candidate: unknown key "p95"/,
    );
  });
});
