/**
 * Figures of a load run from its step results: per step the requests/s and output tokens/s achieved, the
 * percentiles of latency, TTFT, ITL and TPOT (from the HDR histograms), error / throttle / timeout rates by class,
 * and the saturation knee. Pure: no I/O, no clock.
 */
import type { Histogram } from 'hdr-histogram-js';
import { maxMs, newLatencyHistogram, percentileMs } from './histogram.ts';
import type { LoadRunResult, StepHistograms, StepResult, StepSpec } from './types.ts';

/** Milliseconds; null when the histogram is absent or empty. */
export interface Percentiles {
  n: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface StepSummary {
  label: string;
  mode: StepSpec['mode'];
  concurrency?: number;
  ratePerSec?: number;
  elapsedMs: number;
  requests: number;
  ok: number;
  /** Requests that did not succeed (throttles and timeouts included). */
  failed: number;
  throttled: number;
  timeouts: number;
  /** All requests completed per second of the step's wall-clock time. */
  requestsPerSec: number;
  /** Successful requests per second (goodput): the throughput the knee compares. */
  okPerSec: number;
  outputTokensPerSec: number;
  /** failed / requests (0 when no request was sent). */
  errorRate: number;
  throttleRate: number;
  timeoutRate: number;
  errorsByClass: Record<string, number>;
  /** Share of the step's requests per failure class. */
  ratesByClass: Record<string, number>;
  latency: Percentiles;
  ttft?: Percentiles;
  itl?: Percentiles;
  tpot?: Percentiles;
}

export interface KneePoint {
  index: number;
  label: string;
  okPerSec: number;
  p99Ms: number;
}

export interface LoadSummary {
  steps: StepSummary[];
  /** Every step together (latency percentiles from the merged histograms). */
  total: Omit<StepSummary, 'label' | 'mode' | 'concurrency' | 'ratePerSec'>;
  sloP99Ms?: number;
  /** The step with the highest goodput whose p99 latency stays ≤ the SLO; null without an SLO or such a step. */
  knee: KneePoint | null;
}

const HIST_KEYS = ['latencyUs', 'ttftUs', 'itlUs', 'tpotUs'] as const;

/** Percentiles of one histogram in milliseconds. */
export function percentilesOf(h: Histogram | undefined): Percentiles {
  if (!h || h.totalCount === 0) return { n: 0, p50: null, p90: null, p95: null, p99: null, max: null };
  return {
    n: h.totalCount,
    p50: percentileMs(h, 50),
    p90: percentileMs(h, 90),
    p95: percentileMs(h, 95),
    p99: percentileMs(h, 99),
    max: maxMs(h),
  };
}

/** A new histogram holding the samples of all the given ones (the inputs are left untouched). */
export function mergeHistograms(hs: readonly (Histogram | undefined)[]): Histogram | undefined {
  const present = hs.filter((h): h is Histogram => h !== undefined);
  if (present.length === 0) return undefined;
  const out = newLatencyHistogram();
  for (const h of present) out.add(h);
  return out;
}

/** The figures of one step. */
export function summarizeStep(step: StepResult): StepSummary {
  const { spec } = step;
  const figures = _figures(step.elapsedMs, step, step.histograms);
  return {
    label: spec.label,
    mode: spec.mode,
    ...(spec.concurrency === undefined ? {} : { concurrency: spec.concurrency }),
    ...(spec.ratePerSec === undefined ? {} : { ratePerSec: spec.ratePerSec }),
    ...figures,
  };
}

/** The figures of a whole run: every step, the merged total, and the saturation knee. */
export function summarizeLoadRun(run: Pick<LoadRunResult, 'steps' | 'sloP99Ms'>): LoadSummary {
  const steps = run.steps.map(summarizeStep);
  const counts = {
    requests: _sum(run.steps, (s) => s.requests),
    ok: _sum(run.steps, (s) => s.ok),
    throttled: _sum(run.steps, (s) => s.throttled),
    timeouts: _sum(run.steps, (s) => s.timeouts),
    outputTokens: _sum(run.steps, (s) => s.outputTokens),
    errorsByClass: _mergeClasses(run.steps.map((s) => s.errorsByClass)),
  };
  const merged: Partial<StepHistograms> = {};
  for (const k of HIST_KEYS) {
    const h = mergeHistograms(run.steps.map((s) => s.histograms[k]));
    if (h) merged[k] = h;
  }
  const total = _figures(
    _sum(run.steps, (s) => s.elapsedMs),
    counts,
    merged,
  );
  return {
    steps,
    total,
    ...(run.sloP99Ms === undefined ? {} : { sloP99Ms: run.sloP99Ms }),
    knee: run.sloP99Ms === undefined ? null : findKnee(steps, run.sloP99Ms),
  };
}

/**
 * The saturation knee: among steps whose p99 latency is known and ≤ `sloP99Ms`, the one with the highest goodput
 * (successful requests/s); on a tie the earlier step. Null when no step qualifies.
 */
export function findKnee(
  steps: readonly Pick<StepSummary, 'label' | 'okPerSec' | 'latency'>[],
  sloP99Ms: number,
): KneePoint | null {
  let best: KneePoint | null = null;
  for (const [index, s] of steps.entries()) {
    const p99 = s.latency.p99;
    if (p99 === null || p99 > sloP99Ms || s.okPerSec <= 0) continue;
    if (!best || s.okPerSec > best.okPerSec)
      best = { index, label: s.label, okPerSec: s.okPerSec, p99Ms: p99 };
  }
  return best;
}

interface _Counts {
  requests: number;
  ok: number;
  throttled: number;
  timeouts: number;
  outputTokens: number;
  errorsByClass: Record<string, number>;
}

function _figures(
  elapsedMs: number,
  c: _Counts,
  h: Partial<StepHistograms>,
): Omit<StepSummary, 'label' | 'mode' | 'concurrency' | 'ratePerSec'> {
  const secs = elapsedMs / 1000;
  const per = (x: number) => (secs > 0 ? x / secs : 0);
  const share = (x: number) => (c.requests > 0 ? x / c.requests : 0);
  const failed = c.requests - c.ok;
  const ratesByClass = Object.fromEntries(Object.entries(c.errorsByClass).map(([k, v]) => [k, share(v)]));
  return {
    elapsedMs,
    requests: c.requests,
    ok: c.ok,
    failed,
    throttled: c.throttled,
    timeouts: c.timeouts,
    requestsPerSec: per(c.requests),
    okPerSec: per(c.ok),
    outputTokensPerSec: per(c.outputTokens),
    errorRate: share(failed),
    throttleRate: share(c.throttled),
    timeoutRate: share(c.timeouts),
    errorsByClass: { ...c.errorsByClass },
    ratesByClass,
    latency: percentilesOf(h.latencyUs),
    ...(h.ttftUs ? { ttft: percentilesOf(h.ttftUs) } : {}),
    ...(h.itlUs ? { itl: percentilesOf(h.itlUs) } : {}),
    ...(h.tpotUs ? { tpot: percentilesOf(h.tpotUs) } : {}),
  };
}

function _sum<T>(xs: readonly T[], f: (x: T) => number): number {
  return xs.reduce((a, x) => a + f(x), 0);
}

function _mergeClasses(all: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of all) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
  return out;
}
