import { describe, expect, it } from 'vitest';
import { estimateTokens, RateLimiter, WaitingBucket } from './rate-limit.ts';

/** A virtual clock: `sleep` advances it instead of waiting. */
function virtualTime() {
  const clock = { now: 0 };
  return {
    clock,
    now: () => clock.now,
    sleep: async (ms: number) => {
      clock.now += ms;
    },
  };
}

describe('estimateTokens', () => {
  it('is (prompt + system chars) / 4 rounded up, plus maxTokens (512 when unset)', () => {
    expect(estimateTokens({ prompt: 'abcdefgh', system: 'abcd', inferenceConfig: { maxTokens: 100 } })).toBe(
      103,
    );
    expect(estimateTokens({ prompt: 'abcdefghi' })).toBe(3 + 512);
  });
});

describe('WaitingBucket', () => {
  it('lets a burst of `capacity` through, then one per 1/rate, in order', async () => {
    const t = virtualTime();
    const bucket = new WaitingBucket(2, 2, t.now, t.sleep); // 120 per minute
    const times: Array<[number, number]> = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => bucket.take(1).then(() => times.push([i, t.clock.now]))));
    expect(times).toEqual([
      [0, 0],
      [1, 0],
      [2, 500],
      [3, 1000],
      [4, 1500],
    ]);
  });

  it('lets a request larger than the bucket through when full, leaving a debt that later takers wait out', async () => {
    const t = virtualTime();
    const bucket = new WaitingBucket(100, 100, t.now, t.sleep); // 6,000 per minute
    await bucket.take(250);
    expect([t.clock.now, bucket.available()]).toEqual([0, -150]);
    await bucket.take(50); // needs 50: waits for 200 tokens = 2 s
    expect([t.clock.now, bucket.available()]).toEqual([2000, 0]);
  });
});

describe('RateLimiter', () => {
  it('waits for both limits and corrects the token charge with the real usage', async () => {
    const t = virtualTime();
    const limiter = new RateLimiter({ requestsPerMinute: 600, tokensPerMinute: 6000 }, t.now, t.sleep);
    await limiter.acquire(80); // tokens 100 → 20
    limiter.settle(80, 30); // used 30, not 80: 50 back → 70
    await limiter.acquire(70);
    expect(t.clock.now).toBe(0);
    limiter.settle(70, undefined); // throttled: nothing consumed, all 70 back
    await limiter.acquire(70);
    expect(t.clock.now).toBe(0);
    await limiter.acquire(70); // 0 left: 70 tokens at 100/s = 700 ms
    expect(t.clock.now).toBe(700);
  });

  it('limits requests per minute: 60 rpm → 1 per second after the first', async () => {
    const t = virtualTime();
    const limiter = new RateLimiter({ requestsPerMinute: 60 }, t.now, t.sleep);
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      await limiter.acquire(1_000_000);
      times.push(t.clock.now);
    }
    expect(times).toEqual([0, 1000, 2000, 3000]);
  });

  it('is a no-op without limits', async () => {
    const limiter = new RateLimiter({});
    expect(limiter.limited).toBe(false);
    await limiter.acquire(10);
  });
});
