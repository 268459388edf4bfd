/** HDR histograms of latencies in microseconds (hdr-histogram-js), and their millisecond read-outs. */
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from 'hdr-histogram-js';

/** 1 µs to 1 hour, 3 significant digits (0.1 % relative error). */
export function newLatencyHistogram(): Histogram {
  return build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Records a duration in milliseconds (kept as whole microseconds; negative values count as 0). */
export function recordMs(h: Histogram, ms: number): void {
  h.recordValue(Math.max(0, Math.round(ms * 1000)));
}

/** The value at a percentile (0–100), in milliseconds; NaN for an empty histogram. */
export function percentileMs(h: Histogram, percentile: number): number {
  return h.totalCount === 0 ? Number.NaN : h.getValueAtPercentile(percentile) / 1000;
}

export function maxMs(h: Histogram): number {
  return h.totalCount === 0 ? Number.NaN : h.maxValue / 1000;
}

/** Compressed base64 (the HdrHistogram interchange encoding), for the store. */
export function encodeHistogram(h: Histogram): string {
  return encodeIntoCompressedBase64(h);
}

export function decodeHistogram(encoded: string): Histogram {
  return decodeFromCompressedBase64(encoded, 'packed', false);
}
