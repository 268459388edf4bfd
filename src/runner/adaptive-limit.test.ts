import { describe, expect, it } from 'vitest';
import { AdaptiveLimit, type Slot } from './adaptive-limit.ts';

const flush = () => new Promise((r) => setImmediate(r));

describe('AdaptiveLimit (AIMD)', () => {
  it('starts at the configured concurrency and never admits more than the limit', async () => {
    const limit = new AdaptiveLimit(3);
    const granted: Slot[] = [];
    for (let i = 0; i < 5; i++) void limit.acquire().then((s) => granted.push(s));
    await flush();
    expect([granted.length, limit.active, limit.limit]).toEqual([3, 3, 3]);
    limit.release(granted[0]!, 'error');
    await flush();
    expect([granted.length, limit.active]).toEqual([4, 3]);
  });

  it('halves on a throttle (min 1), once per epoch: a burst of throttles from one window counts once', async () => {
    const limit = new AdaptiveLimit(8);
    const slots = await Promise.all(Array.from({ length: 8 }, () => limit.acquire()));
    for (const s of slots) limit.release(s, 'throttle');
    expect(limit.limit).toBe(4); // not 8 → 4 → 2 → 1 …
    const s2 = await limit.acquire();
    limit.release(s2, 'throttle');
    expect(limit.limit).toBe(2);
    const s3 = await limit.acquire();
    limit.release(s3, 'throttle');
    const s4 = await limit.acquire();
    limit.release(s4, 'throttle');
    expect(limit.limit).toBe(1);
    const s5 = await limit.acquire();
    limit.release(s5, 'throttle');
    expect(limit.limit).toBe(1);
  });

  it('grows back by +1 per run of 4 successes up to the configured max; a throttle resets the run', async () => {
    const limit = new AdaptiveLimit(3);
    limit.release(await limit.acquire(), 'throttle'); // 3 → 1
    expect(limit.limit).toBe(1);
    const succeed = async (n: number) => {
      for (let i = 0; i < n; i++) limit.release(await limit.acquire(), 'ok');
    };
    await succeed(3);
    expect(limit.limit).toBe(1);
    await succeed(1);
    expect(limit.limit).toBe(2);
    await succeed(3);
    limit.release(await limit.acquire(), 'error'); // a non-throttle error neither grows, shrinks nor resets
    expect(limit.limit).toBe(2);
    await succeed(1);
    expect(limit.limit).toBe(3);
    await succeed(40);
    expect(limit.limit).toBe(3); // capped at the configured concurrency
    limit.release(await limit.acquire(), 'throttle'); // 3 → 1
    await succeed(3);
    limit.release(await limit.acquire(), 'throttle'); // new epoch: stays 1, and the run of 3 is lost
    await succeed(3);
    expect(limit.limit).toBe(1);
    await succeed(1);
    expect(limit.limit).toBe(2);
  });

  it('admits one more waiter when a success grows the limit', async () => {
    const limit = new AdaptiveLimit(2);
    limit.release(await limit.acquire(), 'throttle'); // 2 → 1
    for (let i = 0; i < 3; i++) limit.release(await limit.acquire(), 'ok');
    const held = await limit.acquire();
    let admitted = 0;
    for (let i = 0; i < 3; i++) void limit.acquire().then(() => admitted++);
    await flush();
    expect(admitted).toBe(0);
    limit.release(held, 'ok'); // 4th success in a row: 1 → 2, so two waiters get in, the third waits
    await flush();
    expect([limit.limit, admitted, limit.active]).toEqual([2, 2, 2]);
  });
});
