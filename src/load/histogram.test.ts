import { describe, expect, it } from 'vitest';
import {
  decodeHistogram,
  encodeHistogram,
  maxMs,
  newLatencyHistogram,
  percentileMs,
  recordMs,
} from './histogram.ts';

describe('latency histograms', () => {
  it('keeps sub-millisecond precision and reads percentiles in ms', () => {
    const h = newLatencyHistogram();
    for (let i = 1; i <= 100; i++) recordMs(h, i + 0.25); // 1.25 … 100.25 ms
    expect(h.totalCount).toBe(100);
    // 3 significant digits: 50.25 ms = 50,250 µs is held within 0.1 %
    expect(percentileMs(h, 50)).toBeCloseTo(50.25, 1);
    expect(percentileMs(h, 99)).toBeCloseTo(99.25, 0);
    expect(maxMs(h)).toBeCloseTo(100.25, 0);
  });

  it('round-trips through the compressed base64 encoding; empty → NaN', () => {
    const h = newLatencyHistogram();
    recordMs(h, 12.5);
    recordMs(h, 40);
    const back = decodeHistogram(encodeHistogram(h));
    expect(back.totalCount).toBe(2);
    expect(percentileMs(back, 100)).toBeCloseTo(40, 1);
    expect(Number.isNaN(percentileMs(newLatencyHistogram(), 50))).toBe(true);
  });
});
