import { describe, expect, it } from 'vitest';
import { fakeStep, times } from './_test-steps.ts';
import { findKnee, summarizeLoadRun } from './summary.ts';

const lat = (p99: number | null) => ({ n: 1, p50: p99, p90: p99, p95: p99, p99, max: p99 });

describe('saturation knee', () => {
  it('is the step with the highest goodput whose p99 stays within the SLO', () => {
    // c=1: 10 ok/s at 100 ms; c=2: 20 ok/s at 100 ms; c=4: 30 ok/s at 250 ms (over a 200 ms SLO)
    const run = summarizeLoadRun({
      sloP99Ms: 200,
      steps: [
        fakeStep({ label: 'c=1', concurrency: 1, elapsedMs: 1000, latenciesMs: times(10, 100) }),
        fakeStep({ label: 'c=2', concurrency: 2, elapsedMs: 1000, latenciesMs: times(20, 100) }),
        fakeStep({ label: 'c=4', concurrency: 4, elapsedMs: 1000, latenciesMs: times(30, 250) }),
      ],
    });
    expect(run.knee?.label).toBe('c=2');
    expect(run.knee?.index).toBe(1);
    expect(run.knee?.okPerSec).toBe(20);
    expect(Math.abs((run.knee?.p99Ms ?? 0) - 100)).toBeLessThan(0.1);
    expect(run.sloP99Ms).toBe(200);
  });

  it('skips a faster step past the SLO even when a later one is back under it', () => {
    const steps = [
      { label: 'a', okPerSec: 5, latency: lat(50) },
      { label: 'b', okPerSec: 40, latency: lat(900) },
      { label: 'c', okPerSec: 12, latency: lat(150) },
    ];
    expect(findKnee(steps, 200)).toEqual({ index: 2, label: 'c', okPerSec: 12, p99Ms: 150 });
  });

  it('counts a p99 equal to the SLO as within it; a tie in goodput keeps the earlier step', () => {
    const steps = [
      { label: 'a', okPerSec: 10, latency: lat(200) },
      { label: 'b', okPerSec: 10, latency: lat(100) },
    ];
    expect(findKnee(steps, 200)?.label).toBe('a');
  });

  it('is null when every step breaks the SLO, or a step has no latency or no successes', () => {
    expect(findKnee([{ label: 'a', okPerSec: 10, latency: lat(300) }], 200)).toBeNull();
    expect(findKnee([{ label: 'a', okPerSec: 10, latency: lat(null) }], 200)).toBeNull();
    expect(findKnee([{ label: 'a', okPerSec: 0, latency: lat(10) }], 200)).toBeNull();
  });

  it('uses goodput, not raw requests/s: fast throttles do not make a knee', () => {
    const run = summarizeLoadRun({
      sloP99Ms: 200,
      steps: [
        fakeStep({ label: 'c=1', elapsedMs: 1000, latenciesMs: times(10, 100) }),
        // 50 requests/s but only 5 succeed
        fakeStep({
          label: 'c=8',
          elapsedMs: 1000,
          latenciesMs: times(50, 5),
          ok: 5,
          throttled: 45,
          errorsByClass: { '429': 45 },
        }),
      ],
    });
    expect(run.steps[1]?.requestsPerSec).toBe(50);
    expect(run.knee?.label).toBe('c=1');
  });
});
