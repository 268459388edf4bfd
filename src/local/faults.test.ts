import { describe, expect, it } from 'vitest';
import { FaultInjector, parseFaultConfig, sampleLatency, TokenBucket } from './faults.ts';
import { mulberry32 } from './prng.ts';

/** A rand() that replays fixed values. */
function replay(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

describe('mulberry32', () => {
  it('is deterministic per seed, in [0, 1), and roughly uniform', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
    const r = mulberry32(7);
    const xs = Array.from({ length: 10_000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, x) => a + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe('TokenBucket', () => {
  it('allows `burst` at once, then refills at `rate` per second', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 2, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    now = 500; // +1 token
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now = 5000; // refills to the cap of 2, not 9
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });
});

describe('sampleLatency', () => {
  it('draws from each distribution', () => {
    expect(sampleLatency({ kind: 'fixed', ms: 25 }, replay(0.9))).toBe(25);
    expect(sampleLatency({ kind: 'uniform', minMs: 10, maxMs: 30 }, replay(0.25))).toBe(15);
    // Box-Muller with u2 = 0.25 gives z = sqrt(-2 ln u1) * cos(pi/2) ≈ 0: mean / median.
    expect(sampleLatency({ kind: 'normal', meanMs: 100, stdDevMs: 20 }, replay(0.5, 0.25))).toBeCloseTo(
      100,
      6,
    );
    expect(sampleLatency({ kind: 'lognormal', medianMs: 80, sigma: 0.5 }, replay(0.5, 0.25))).toBeCloseTo(
      80,
      6,
    );
    // u1 = e^-0.5, u2 = 0 → z = 1: normal = mean + sd, lognormal = median * e^sigma.
    expect(
      sampleLatency({ kind: 'normal', meanMs: 100, stdDevMs: 20 }, replay(Math.exp(-0.5), 0)),
    ).toBeCloseTo(120, 6);
    expect(
      sampleLatency({ kind: 'lognormal', medianMs: 80, sigma: 0.5 }, replay(Math.exp(-0.5), 0)),
    ).toBeCloseTo(80 * Math.exp(0.5), 6);
    // a normal never goes below 0
    expect(sampleLatency({ kind: 'normal', meanMs: 1, stdDevMs: 100 }, replay(Math.exp(-0.5), 0.5))).toBe(0);
  });
});

describe('FaultInjector', () => {
  it('is a no-op without faults', () => {
    const f = new FaultInjector({});
    expect(f.decide(true)).toEqual({
      kind: 'ok',
      extraLatencyMs: 0,
      cutAfterEvents: undefined,
      cutMode: 'reset',
    });
    expect(f.latencyScale).toBe(1);
  });

  it('answers errors at the configured rate, reproducibly per seed', () => {
    const run = (seed: number) => {
      const f = new FaultInjector({ seed, errorRate: 0.3 });
      return Array.from({ length: 1000 }, () => f.decide(false).kind);
    };
    const a = run(5);
    expect(run(5)).toEqual(a);
    const errors = a.filter((k) => k === 'error').length;
    expect(errors).toBeGreaterThan(250);
    expect(errors).toBeLessThan(350);
  });

  it('errorRate 1 → only 500/503; timeoutRate 1 → timeouts with the configured delay', () => {
    const e = new FaultInjector({ errorRate: 1 });
    const names = new Set(
      Array.from({ length: 50 }, () => e.decide(false)).map((d) => d.kind === 'error' && d.errorName),
    );
    expect(names).toEqual(new Set(['InternalServerException', 'ServiceUnavailableException']));
    const t = new FaultInjector({ timeoutRate: 1, timeoutDelayMs: 42 });
    expect(t.decide(false)).toEqual({ kind: 'timeout', delayMs: 42 });
  });

  it('throttles above the quota before any other fault', () => {
    let now = 0;
    const f = new FaultInjector({ requestsPerSecond: 1, errorRate: 1 }, () => now);
    expect(f.decide(false).kind).toBe('error');
    expect(f.decide(false).kind).toBe('throttle');
    now = 1000;
    expect(f.decide(false).kind).toBe('error');
  });

  it('cuts only streaming responses, after the configured number of events', () => {
    const f = new FaultInjector({ streamCutRate: 1, streamCutAfterEvents: 4, streamCutMode: 'exception' });
    expect(f.decide(false)).toMatchObject({ kind: 'ok', cutAfterEvents: undefined });
    expect(f.decide(true)).toMatchObject({ kind: 'ok', cutAfterEvents: 4, cutMode: 'exception' });
  });

  it('adds sampled latency', () => {
    const f = new FaultInjector({ latency: { kind: 'uniform', minMs: 100, maxMs: 200 } });
    for (let i = 0; i < 20; i++) {
      const d = f.decide(false);
      expect(d.kind === 'ok' && d.extraLatencyMs >= 100 && d.extraLatencyMs <= 200).toBe(true);
    }
  });
});

describe('parseFaultConfig', () => {
  it('accepts a full config and rejects bad fields with a one-line message naming the field', () => {
    const full = {
      seed: 3,
      latency: { kind: 'lognormal', medianMs: 50, sigma: 0.4 },
      latencyScale: 0,
      requestsPerSecond: 10,
      errorRate: 0.01,
      timeoutRate: 0.01,
      streamCutRate: 0.05,
    };
    expect(parseFaultConfig(full)).toEqual(full);
    expect(() => parseFaultConfig({ errorRate: 2 })).toThrow(/^invalid fault config at errorRate: /);
    expect(() => parseFaultConfig({ latency: { kind: 'fixed' } })).toThrow(/at latency\.ms/);
    expect(() => parseFaultConfig({ errorrate: 0.1 })).toThrow(/invalid fault config/);
  });
});
