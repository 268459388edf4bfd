import { describe, expect, it } from 'vitest';
import { arrivalOffsetsMs, runClosedLoop, runOpenLoop } from './arrivals.ts';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('arrival schedules', () => {
  it('constant: every 1000/rate ms, bounded by duration and maxRequests', () => {
    expect(arrivalOffsetsMs(10, 'constant', { durationMs: 1000, maxRequests: 100 })).toEqual([
      0, 100, 200, 300, 400, 500, 600, 700, 800, 900,
    ]);
    expect(arrivalOffsetsMs(10, 'constant', { durationMs: 1000, maxRequests: 3 })).toEqual([0, 100, 200]);
  });

  it('poisson: seeded, mean gap 1000/rate', () => {
    const a = arrivalOffsetsMs(100, 'poisson', { durationMs: 100_000, maxRequests: 5000 }, 7);
    expect(arrivalOffsetsMs(100, 'poisson', { durationMs: 100_000, maxRequests: 5000 }, 7)).toEqual(a);
    expect(a).toHaveLength(5000);
    const meanGap = a[a.length - 1]! / (a.length - 1);
    expect(Math.abs(meanGap - 10)).toBeLessThan(0.5);
  });
});

describe('closed loop', () => {
  it('keeps N in flight and stops at maxRequests', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await runClosedLoop({ concurrency: 3, durationMs: 10_000, maxRequests: 10 }, async () => {
      peak = Math.max(peak, ++inFlight);
      await sleep(10);
      inFlight--;
    });
    expect(out.sent).toBe(10);
    expect(peak).toBe(3);
  });

  it('stops issuing at durationMs (2 workers × requests at 0, 40, 80 ms)', async () => {
    const out = await runClosedLoop({ concurrency: 2, durationMs: 100, maxRequests: 1000 }, () => sleep(40));
    expect(out.sent).toBe(6);
  });
});

describe('open loop: coordinated omission', () => {
  it('a 1 s stall adds its remainder to every request scheduled during it', async () => {
    // 20/s for 2 s; one connection (maxInFlight 1); the request scheduled at 500 ms takes 1000 ms, others 5 ms
    const start = performance.now();
    const rows: { offset: number; fromIntended: number; fromSend: number }[] = [];
    await runOpenLoop(
      { ratePerSec: 20, durationMs: 2000, maxRequests: 1000, maxInFlight: 1 },
      async (intendedAt) => {
        const sent = performance.now();
        const offset = Math.round((intendedAt - start) / 50) * 50;
        await sleep(offset === 500 ? 1000 : 5);
        const end = performance.now();
        rows.push({ offset, fromIntended: end - intendedAt, fromSend: end - sent });
      },
    );
    expect(rows).toHaveLength(40);
    // requests scheduled at 500 + 50k (k = 1..19) wait for the stall, then drain 5 ms apart:
    // latency from the intended time ≈ 1000 − 50k + 5k; measured from the send it would look like 5 ms
    for (let k = 1; k <= 19; k++) {
      const row = rows.find((r) => r.offset === 500 + 50 * k)!;
      expect(row.fromIntended).toBeGreaterThan(1000 - 45 * k - 5);
      expect(row.fromIntended).toBeLessThan(1000 - 45 * k + 40);
      expect(row.fromSend).toBeLessThan(30);
    }
    const stalled = rows.find((r) => r.offset === 500)!;
    expect(stalled.fromIntended).toBeGreaterThanOrEqual(999);
    // before the stall nothing queues
    for (const r of rows.filter((x) => x.offset < 500)) expect(r.fromIntended).toBeLessThan(30);
  });
});
