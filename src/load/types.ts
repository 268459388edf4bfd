/**
 * Contracts of the load-test flow: loadtests/*.yaml → profile → generator (autocannon for HTTP targets, the
 * streaming LLM generator for Bedrock / SageMaker) → step results with HDR histograms → store, report, gate.
 *
 * Histograms are hdr-histogram-js `Histogram`s recording MICROSECONDS (integers), so a millisecond figure keeps
 * three decimals: build them with `newLatencyHistogram()` (src/load/histogram.ts).
 */
import type { Histogram } from 'hdr-histogram-js';

/** Why a request did not succeed. */
export type RequestStatus = 'ok' | 'throttled' | 'error' | 'timeout';

/** One step of a profile: a closed-loop concurrency level, an open-loop arrival rate, or the soak. */
export interface StepSpec {
  /** e.g. `c=8` or `rate=20/s`. */
  label: string;
  mode: 'closed' | 'open';
  /** closed: requests in flight. */
  concurrency?: number;
  /** open: arrivals per second (constant or Poisson). */
  ratePerSec?: number;
  arrival?: 'constant' | 'poisson';
  durationMs: number;
  /** Most requests this step may send (the bound next to its duration). */
  maxRequests: number;
}

export interface StepHistograms {
  /** End-to-end latency (open loop: from the intended send time, so queueing is not hidden). */
  latencyUs: Histogram;
  /** Streaming targets: time to first token. */
  ttftUs?: Histogram;
  /** Streaming targets: gaps between consecutive tokens (chunks). */
  itlUs?: Histogram;
  /** Streaming targets: (latency − ttft) / (output tokens − 1), per request. */
  tpotUs?: Histogram;
}

export interface StepResult {
  spec: StepSpec;
  /** Wall-clock duration the step actually took. */
  elapsedMs: number;
  requests: number;
  ok: number;
  throttled: number;
  timeouts: number;
  /** Failed requests by class (HTTP status or AWS exception name), throttles and timeouts included. */
  errorsByClass: Record<string, number>;
  /** Streaming targets: output tokens of successful requests. */
  outputTokens: number;
  histograms: StepHistograms;
}

export interface LoadRunResult {
  runId: string;
  profileName: string;
  profileFile: string;
  /** What was loaded: `http` with its URL, or a suite target's kind and id. */
  target: { kind: string; id: string; url?: string };
  /** The profile's latency objective for the saturation knee (p99, milliseconds), when it sets one. */
  sloP99Ms?: number;
  startedAt: Date;
  finishedAt: Date;
  steps: StepResult[];
}

/** A step that has sent nothing yet, with the histograms it will record into. */
export function emptyStepResult(spec: StepSpec, histograms: StepHistograms): StepResult {
  return {
    spec,
    elapsedMs: 0,
    requests: 0,
    ok: 0,
    throttled: 0,
    timeouts: 0,
    errorsByClass: {},
    outputTokens: 0,
    histograms,
  };
}
