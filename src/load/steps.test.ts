import { describe, expect, it } from 'vitest';
import type { LoadProfile } from './profile.ts';
import { expandSteps, splitRequests } from './steps.ts';

const base = { name: 'p', target: { http: { url: 'local:/chat', method: 'GET', headers: {} } } } as const;

describe('splitRequests', () => {
  it('splits in proportion to the weights, largest remainders first, summing to the total', () => {
    // 20000/63 = 317.46: floors 317, 634, 1269, 2539, 5079, 10158 (19996); +1 to .92, .84, .73, .68.
    expect(splitRequests(20000, [1, 2, 4, 8, 16, 32])).toEqual([317, 635, 1270, 2540, 5079, 10159]);
  });
  it('gives every step at least one request', () => {
    // exact 0.015, 1.49, 1.49 → 0, 2, 1 → the empty step takes one from the largest.
    expect(splitRequests(3, [1, 100, 100])).toEqual([1, 1, 1]);
  });
});

describe('expandSteps', () => {
  it('closed: one step per level, durations and request bounds within the profile bounds', () => {
    const p = {
      ...base,
      shape: { closed: { concurrency: [1, 3], stepSeconds: 2.5 } },
      bounds: { maxRequests: 100, maxSeconds: 5 },
    } as LoadProfile;
    expect(expandSteps(p)).toEqual([
      { label: 'c=1', mode: 'closed', concurrency: 1, durationMs: 2500, maxRequests: 25 },
      { label: 'c=3', mode: 'closed', concurrency: 3, durationMs: 2500, maxRequests: 75 },
    ]);
  });
  it('open and soak', () => {
    const open = {
      ...base,
      shape: { open: { rates: [5, 15], stepSeconds: 1, arrival: 'constant' } },
      bounds: { maxRequests: 10, maxSeconds: 2 },
    } as LoadProfile;
    expect(expandSteps(open)).toEqual([
      {
        label: 'rate=5/s',
        mode: 'open',
        ratePerSec: 5,
        arrival: 'constant',
        durationMs: 1000,
        maxRequests: 3,
      },
      {
        label: 'rate=15/s',
        mode: 'open',
        ratePerSec: 15,
        arrival: 'constant',
        durationMs: 1000,
        maxRequests: 7,
      },
    ]);
    const soak = {
      ...base,
      shape: { soak: { concurrency: 8, seconds: 60 } },
      bounds: { maxRequests: 500, maxSeconds: 60 },
    } as LoadProfile;
    expect(expandSteps(soak)).toEqual([
      { label: 'soak c=8', mode: 'closed', concurrency: 8, durationMs: 60000, maxRequests: 500 },
    ]);
  });
});
