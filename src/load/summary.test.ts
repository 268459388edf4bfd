import { describe, expect, it } from 'vitest';
import { fakeStep, oneTo, times } from './_test-steps.ts';
import { mergeHistograms, percentilesOf, summarizeLoadRun, summarizeStep } from './summary.ts';

/** HDR histograms hold 3 significant digits: a figure is within 0.1 % of the recorded value. */
function near(actual: number | null | undefined, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(expected * 0.001 + 1e-9);
}

describe('summarizeStep', () => {
  // 100 requests of 1, 2, … 100 ms over 2 s; 90 ok, 6 throttled, 2 timeouts, 2 HTTP 500; 900 output tokens.
  const step = fakeStep({
    label: 'c=4',
    concurrency: 4,
    elapsedMs: 2000,
    latenciesMs: oneTo(100),
    ok: 90,
    throttled: 6,
    timeouts: 2,
    errorsByClass: { ThrottlingException: 6, timeout: 2, '500': 2 },
    outputTokens: 900,
    ttftMs: times(90, 20),
    itlMs: [...times(50, 5), ...times(50, 15)],
  });
  const s = summarizeStep(step);

  it('computes the rates achieved: 100 req / 2 s, 90 ok / 2 s, 900 tokens / 2 s', () => {
    expect(s.requestsPerSec).toBe(50);
    expect(s.okPerSec).toBe(45);
    expect(s.outputTokensPerSec).toBe(450);
    expect(s.failed).toBe(10);
    expect(s.concurrency).toBe(4);
  });

  it('computes error, throttle and timeout rates, and the rate of each class', () => {
    expect(s.errorRate).toBeCloseTo(0.1, 12);
    expect(s.throttleRate).toBeCloseTo(0.06, 12);
    expect(s.timeoutRate).toBeCloseTo(0.02, 12);
    expect(s.ratesByClass).toEqual({ ThrottlingException: 0.06, timeout: 0.02, '500': 0.02 });
  });

  it('reads latency percentiles of 1..100 ms: p50 50, p90 90, p95 95, p99 99, max 100', () => {
    expect(s.latency.n).toBe(100);
    near(s.latency.p50, 50);
    near(s.latency.p90, 90);
    near(s.latency.p95, 95);
    near(s.latency.p99, 99);
    near(s.latency.max, 100);
  });

  it('reads TTFT and inter-token latency; absent histograms stay absent', () => {
    near(s.ttft?.p99, 20);
    near(s.itl?.p50, 5);
    near(s.itl?.p90, 15);
    expect(s.tpot).toBeUndefined();
  });

  it('an empty step has zero rates and null percentiles', () => {
    const e = summarizeStep(fakeStep({ label: 'c=1', elapsedMs: 0, latenciesMs: [] }));
    expect(e.requestsPerSec).toBe(0);
    expect(e.errorRate).toBe(0);
    expect(e.latency).toEqual({ n: 0, p50: null, p90: null, p95: null, p99: null, max: null });
    expect(percentilesOf(undefined).p99).toBeNull();
  });
});

describe('summarizeLoadRun totals', () => {
  it('adds the steps up and merges their histograms', () => {
    const run = summarizeLoadRun({
      steps: [
        fakeStep({ label: 'c=1', elapsedMs: 1000, latenciesMs: times(10, 10) }),
        fakeStep({
          label: 'c=2',
          elapsedMs: 1000,
          latenciesMs: times(10, 1000),
          ok: 8,
          throttled: 2,
          errorsByClass: { ThrottlingException: 2 },
        }),
      ],
    });
    // 20 requests over 2 s, 18 ok, 2 throttled; latency 10 × 10 ms and 10 × 1000 ms
    expect(run.total.requests).toBe(20);
    expect(run.total.requestsPerSec).toBe(10);
    expect(run.total.okPerSec).toBe(9);
    expect(run.total.errorRate).toBeCloseTo(0.1, 12);
    expect(run.total.errorsByClass).toEqual({ ThrottlingException: 2 });
    near(run.total.latency.p50, 10);
    near(run.total.latency.p99, 1000);
    expect(run.total.latency.n).toBe(20);
    expect(run.knee).toBeNull(); // no SLO
  });

  it('merging leaves the inputs untouched', () => {
    const a = fakeStep({ label: 'a', elapsedMs: 1, latenciesMs: [1, 2] }).histograms.latencyUs;
    const b = fakeStep({ label: 'b', elapsedMs: 1, latenciesMs: [3] }).histograms.latencyUs;
    expect(mergeHistograms([a, undefined, b])?.totalCount).toBe(3);
    expect(a.totalCount).toBe(2);
    expect(mergeHistograms([undefined])).toBeUndefined();
  });
});
