import { describe, expect, it } from 'vitest';
import type { Verdict } from '../gate/types.ts';
import { fakeStep, times } from './_test-steps.ts';
import { evaluateLoadGate, loadFigure, mergeVerdicts } from './gate.ts';
import { summarizeLoadRun } from './summary.ts';

/** 100 requests in one step: `fails` of them throttled, every latency `ms`. */
function run(ms: number, fails = 0) {
  return summarizeLoadRun({
    steps: [
      fakeStep({
        label: 'c=4',
        elapsedMs: 1000,
        latenciesMs: times(100, ms),
        ok: 100 - fails,
        throttled: fails,
        errorsByClass: fails > 0 ? { ThrottlingException: fails } : {},
      }),
    ],
  });
}

const CANARY = [
  { metric: 'error_rate' as const, max: 0.01 },
  { metric: 'p99_ms' as const, maxRatioToBaseline: 2 },
];

describe('load gate', () => {
  it('promotes within error rate and 2 × baseline p99 (300 ms ≤ 2 × 200 ms)', () => {
    const v = evaluateLoadGate(CANARY, {
      runId: 'L2',
      candidate: 'chat-api',
      summary: run(300, 1),
      baseline: { runId: 'L1', summary: run(200) },
    });
    expect(v.decision).toBe('promote');
    expect(v.baseline).toBe('L1');
    expect(v.rules.map((r) => r.id)).toEqual(['load:error_rate', 'load:p99_ms']);
    expect(v.rules[0]).toMatchObject({ actual: 0.01, max: 0.01, n: 100, pass: true, stat: 'value' });
    const p99 = v.rules[1];
    expect(p99?.baseline).toBeCloseTo(200, 0);
    expect(p99?.max).toBeCloseTo(400, 0);
    expect(p99?.actual).toBeCloseTo(300, 0);
  });

  it('rolls back when p99 exceeds 2 × baseline and the error rate exceeds 1 %', () => {
    const v = evaluateLoadGate(CANARY, {
      runId: 'L2',
      candidate: 'chat-api',
      summary: run(500, 2),
      baseline: { runId: 'L1', summary: run(200) },
    });
    expect(v.decision).toBe('rollback');
    expect(v.rules.map((r) => r.pass)).toEqual([false, false]);
    expect(v.rules[0]?.message).toBe('error_rate = 0.02 > max 0.01');
    expect(v.rules[1]?.message).toMatch(/^p99_ms = 500\.\d+ > 2 × baseline 200\.\d+ = 400\.\d+$/);
    expect(v.summary).toMatch(/^rollback: 2 of 2 load rules failed for "chat-api"/);
  });

  it('a rule with both max and a ratio takes the tighter bound', () => {
    const rules = [{ metric: 'p99_ms' as const, max: 250, maxRatioToBaseline: 2 }];
    const v = evaluateLoadGate(rules, {
      runId: 'L2',
      candidate: 'p',
      summary: run(300),
      baseline: { runId: 'L1', summary: run(200) },
    });
    expect(v.decision).toBe('rollback');
    expect(v.rules[0]?.max).toBe(250);
    expect(v.rules[0]?.message).toMatch(/> max 250$/);
  });

  it('without a baseline the ratio is not checked, and says so', () => {
    const v = evaluateLoadGate(CANARY, { runId: 'L1', candidate: 'chat-api', summary: run(900) });
    expect(v.decision).toBe('promote');
    expect(v.rules[1]?.max).toBeUndefined();
    expect(v.rules[1]?.message).toMatch(/baseline ratio not checked/);
    expect(v.summary).toMatch(/1 baseline ratio\(s\) not checked/);
  });

  it('cannot evaluate: no rules, no requests, or a figure without samples (ttft of an HTTP run)', () => {
    expect(evaluateLoadGate([], { runId: 'L', candidate: 'p', summary: run(10) }).decision).toBe('error');
    const empty = summarizeLoadRun({ steps: [fakeStep({ label: 'c=1', elapsedMs: 1000, latenciesMs: [] })] });
    const v = evaluateLoadGate(CANARY, { runId: 'L', candidate: 'p', summary: empty });
    expect(v.decision).toBe('error');
    expect(v.summary).toMatch(/sent no requests/);
    const t = evaluateLoadGate([{ metric: 'ttft_p99_ms', max: 100 }], {
      runId: 'L',
      candidate: 'p',
      summary: run(10),
    });
    expect(t.decision).toBe('error');
    expect(t.rules[0]?.message).toBe('ttft_p99_ms: cannot be computed (no samples)');
  });

  it('reads run-level figures', () => {
    const s = run(40, 5);
    expect(loadFigure(s, 'error_rate')).toBeCloseTo(0.05, 12);
    expect(loadFigure(s, 'throttle_rate')).toBeCloseTo(0.05, 12);
    expect(loadFigure(s, 'p50_ms')).toBeCloseTo(40, 1);
  });
});

describe('mergeVerdicts', () => {
  const quality = (decision: Verdict['decision']): Verdict => ({
    decision,
    runId: 'R1',
    candidate: 'nova-lite',
    rules: [
      {
        id: 'exact.mean',
        metric: 'exact',
        stat: 'mean',
        min: 0.8,
        actual: 0.9,
        n: 10,
        pass: true,
        message: 'ok',
      },
    ],
    summary: `${decision}: quality`,
  });
  const load = evaluateLoadGate(CANARY, { runId: 'L1', candidate: 'chat-api', summary: run(100, 5) });

  it('the worse decision wins and the rules are concatenated', () => {
    expect(load.decision).toBe('rollback');
    const m = mergeVerdicts(quality('promote'), load);
    expect(m.decision).toBe('rollback');
    expect(m.runId).toBe('R1');
    expect(m.rules.map((r) => r.id)).toEqual(['exact.mean', 'load:error_rate', 'load:p99_ms']);
    expect(m.summary).toMatch(/^rollback: quality — promote: quality; load run L1 — rollback: /);
    expect(mergeVerdicts(quality('error'), load).decision).toBe('error');
  });
});
