/** Hand-built step results for the load unit tests (no generator involved). */
import { newLatencyHistogram, recordMs } from './histogram.ts';
import type { StepHistograms, StepResult } from './types.ts';

export interface FakeStep {
  label: string;
  concurrency?: number;
  elapsedMs: number;
  /** One latency (ms) per request. */
  latenciesMs: number[];
  ok?: number;
  throttled?: number;
  timeouts?: number;
  errorsByClass?: Record<string, number>;
  outputTokens?: number;
  ttftMs?: number[];
  itlMs?: number[];
  tpotMs?: number[];
}

/** A closed-loop step whose counts default to "every request succeeded". */
export function fakeStep(f: FakeStep): StepResult {
  const hist = (xs: number[]) => {
    const h = newLatencyHistogram();
    for (const x of xs) recordMs(h, x);
    return h;
  };
  const histograms: StepHistograms = { latencyUs: hist(f.latenciesMs) };
  if (f.ttftMs) histograms.ttftUs = hist(f.ttftMs);
  if (f.itlMs) histograms.itlUs = hist(f.itlMs);
  if (f.tpotMs) histograms.tpotUs = hist(f.tpotMs);
  const requests = f.latenciesMs.length;
  return {
    spec: {
      label: f.label,
      mode: 'closed',
      concurrency: f.concurrency ?? 1,
      durationMs: f.elapsedMs,
      maxRequests: 1_000_000,
    },
    elapsedMs: f.elapsedMs,
    requests,
    ok: f.ok ?? requests,
    throttled: f.throttled ?? 0,
    timeouts: f.timeouts ?? 0,
    errorsByClass: f.errorsByClass ?? {},
    outputTokens: f.outputTokens ?? 0,
    histograms,
  };
}

/** `n` copies of `ms`. */
export function times(n: number, ms: number): number[] {
  return Array.from({ length: n }, () => ms);
}

/** 1, 2, …, n (ms). */
export function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
