import { describe, expect, it } from 'vitest';
import { FaultInjector } from './faults.ts';
import { DEFAULT_OUTPUT_RESERVATION, estimateTokens, TokenWindow } from './token-window.ts';

describe('estimateTokens', () => {
  it('reserves input + maxTokens, or input + the default allowance', () => {
    expect(estimateTokens(120, 200)).toBe(320);
    expect(estimateTokens(120, undefined)).toBe(120 + DEFAULT_OUTPUT_RESERVATION);
  });
});

describe('TokenWindow', () => {
  it('throttles once the last minute plus the reservation would exceed the quota', () => {
    let now = 0;
    const w = new TokenWindow(1000, () => now);
    expect(w.tryAdmit(400)).toBeDefined(); // 400
    now = 10_000;
    expect(w.tryAdmit(500)).toBeDefined(); // 900
    expect(w.tryAdmit(101)).toBeUndefined(); // 1001 > 1000
    expect(w.tryAdmit(100)).toBeDefined(); // exactly 1000 is allowed
    expect(w.used()).toBe(1000);
    expect(w.tryAdmit(1)).toBeUndefined();
  });

  it('forgets entries older than 60 s (sliding, not fixed, minute)', () => {
    let now = 0;
    const w = new TokenWindow(1000, () => now);
    w.tryAdmit(600); // at 0
    now = 30_000;
    w.tryAdmit(400); // at 30 s → 1000
    now = 59_999;
    expect(w.tryAdmit(1)).toBeUndefined();
    now = 60_000; // the entry at 0 leaves the window
    expect(w.used()).toBe(400);
    expect(w.tryAdmit(600)).toBeDefined();
    now = 90_000; // the entry at 30 s leaves too
    expect(w.used()).toBe(600);
  });

  it('settle replaces a reservation by the real usage; settling an expired entry changes nothing', () => {
    let now = 0;
    const w = new TokenWindow(1000, () => now);
    const a = w.tryAdmit(800);
    expect(a).toBeDefined();
    if (!a) return;
    expect(w.tryAdmit(300)).toBeUndefined(); // 1100
    w.settle(a, 250); // really used 250
    expect(w.used()).toBe(250);
    expect(w.tryAdmit(300)).toBeDefined(); // 550
    now = 61_000;
    expect(w.used()).toBe(0);
    w.settle(a, 999);
    expect(w.used()).toBe(0);
  });
});

describe('FaultInjector tokensPerMinute', () => {
  it('throttles by tokens, releases the reservation of a request that failed for another fault', () => {
    let now = 0;
    const f = new FaultInjector({ tokensPerMinute: 1000 }, () => now);
    const first = f.decide(false, 600);
    expect(first.kind).toBe('ok');
    expect(f.decide(false, 600)).toEqual({ kind: 'throttle', quota: 'tokens' });
    if (first.kind === 'ok') f.settleTokens(first.tokens, 100); // real usage 100
    expect(f.tokensInWindow()).toBe(100);
    expect(f.decide(false, 600).kind).toBe('ok'); // 700
    now = 60_000; // the first request (at 0) leaves; the second (at 0) too
    expect(f.tokensInWindow()).toBe(0);

    const e = new FaultInjector({ tokensPerMinute: 1000, errorRate: 1 }, () => now);
    expect(e.decide(false, 900).kind).toBe('error');
    expect(e.tokensInWindow()).toBe(0);
  });

  it('checks the req/s bucket first, then tokens', () => {
    const now = 0;
    const f = new FaultInjector({ requestsPerSecond: 1, tokensPerMinute: 100 }, () => now);
    expect(f.decide(false, 500)).toEqual({ kind: 'throttle', quota: 'tokens' });
    expect(f.decide(false, 50)).toEqual({ kind: 'throttle', quota: 'requests' });
  });
});
