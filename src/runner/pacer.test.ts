import { describe, expect, it } from 'vitest';
import { ThrottlePacer } from './pacer.ts';

function virtualTime() {
  const clock = { now: 0 };
  return {
    clock,
    now: () => clock.now,
    // advance on a later turn of the event loop, so released waiters see the time they were released at
    sleep: (ms: number) =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          clock.now += ms;
          resolve();
        }),
      ),
  };
}

describe('ThrottlePacer', () => {
  it('does not pace until the first throttle', async () => {
    const t = virtualTime();
    const pacer = new ThrottlePacer(t.now, t.sleep);
    expect(pacer.rate()).toBe(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 100; i++) expect(await pacer.wait()).toBe(0);
    expect(t.clock.now).toBe(0);
  });

  it('drops to 0.7 × what was granted in the last second, regains it in 1 s, then doubles every 0.5 s', async () => {
    const t = virtualTime();
    const pacer = new ThrottlePacer(t.now, t.sleep);
    await pacer.wait(); // t = 0: out of the window by the time of the throttle
    t.clock.now = 1500;
    for (let i = 0; i < 31; i++) await pacer.wait(); // 31 sent at t = 1.5 s
    t.clock.now = 1600;
    pacer.onThrottle(0); // 1 of them throttled: 30 granted in the last second
    expect(pacer.rate(1600)).toBeCloseTo(21, 9);
    expect(pacer.rate(2100)).toBeCloseTo(25.5, 9);
    expect(pacer.rate(2600)).toBeCloseTo(30, 9);
    expect(pacer.rate(3100)).toBeCloseTo(60, 9);
    expect(pacer.rate(3600)).toBeCloseTo(120, 9);
  });

  it('never falls below half the highest success rate seen, so random (non-quota) throttles cannot collapse it', async () => {
    const t = virtualTime();
    const pacer = new ThrottlePacer(t.now, t.sleep);
    for (let i = 0; i < 41; i++) await pacer.wait(); // t = 0
    for (let i = 0; i < 40; i++) pacer.onSuccess();
    t.clock.now = 500;
    pacer.onThrottle(0); // 40 answered in 0.5 s: 80/s (the peak) → base 80, rate 56
    expect(pacer.rate(500)).toBeCloseTo(56, 9);
    // a later second in which only 8 were answered: base = max(0.5 × 80, min(8, rate)) = 40 → rate 28, then 40
    t.clock.now = 2500;
    for (let i = 0; i < 8; i++) pacer.onSuccess();
    t.clock.now = 2600;
    pacer.onThrottle(1);
    expect(pacer.rate(2600)).toBeCloseTo(28, 9);
    expect(pacer.rate(3600)).toBeCloseTo(40, 9);
  });

  it('in the first second, reads what was granted per second of the time elapsed since the first send', async () => {
    const t = virtualTime();
    const pacer = new ThrottlePacer(t.now, t.sleep);
    for (let i = 0; i < 11; i++) await pacer.wait();
    t.clock.now = 250;
    pacer.onThrottle(0); // 10 granted in 0.25 s: 40/s
    expect(pacer.rate(250)).toBeCloseTo(28, 9);
  });

  it('counts one throttle per epoch: requests released before the decrease do not lower it again', async () => {
    const t = virtualTime();
    const pacer = new ThrottlePacer(t.now, t.sleep);
    const epochs = [];
    for (let i = 0; i < 20; i++) epochs.push(await pacer.wait());
    pacer.onThrottle(epochs[0]!);
    const rate = pacer.rate();
    for (const e of epochs.slice(1)) pacer.onThrottle(e);
    expect(pacer.rate()).toBe(rate);
    expect(await pacer.wait()).toBe(1); // released in the new epoch
  });

  it('releases waiters one interval apart at the current rate, in order', async () => {
    const t = virtualTime();
    const pacer = new ThrottlePacer(t.now, t.sleep);
    await pacer.wait();
    t.clock.now = 2000;
    for (let i = 0; i < 11; i++) await pacer.wait();
    pacer.onThrottle(0); // granted 10 → 7 req/s now, rising
    const released: Array<[number, number]> = [];
    await Promise.all([0, 1, 2, 3].map((i) => pacer.wait().then(() => released.push([i, t.clock.now]))));
    expect(released.map(([i]) => i)).toEqual([0, 1, 2, 3]);
    const gaps = released.map(([, at], k) => at - (k === 0 ? 2000 : released[k - 1]![1]));
    // each gap is 1000 / rate at that moment: between 1000/10 and 1000/7 ms
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(100);
      expect(gap).toBeLessThanOrEqual(1000 / 7 + 1e-9);
    }
    // the rate rises while the first waits: 7t + 0.003t² = 1000 at t ≈ 135.0 ms; the dispatcher re-reads the rate
    // at 0, 50, 100 and 137.0 ms (1000 / rate(100 ms) = 1000 / 7.3) and releases at the first check past 135.0
    expect(gaps[0]).toBeCloseTo(1000 / 7.3, 6);
  });
});
