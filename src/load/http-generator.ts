/**
 * The HTTP load generator: autocannon used as a library, one autocannon run per step. Every response's latency
 * goes into our HDR histogram (µs) from each connection's `response` event (client timeouts as the timeout);
 * failures are counted by class: the HTTP status, `timeout`, the socket error code, or `connection_closed`. Redirects are never followed (autocannon does not), so traffic
 * only reaches the address the profile names.
 *
 * Closed steps: `connections` = concurrency. Open steps: autocannon's `overallRate` (whole requests per second,
 * split over the connections; each connection sends its share at the start of every second), at most
 * rate × duration requests; latency is corrected for coordinated omission with HdrHistogram's expected-interval
 * recording, so the latency histogram may hold more values than there were requests in an open step.
 */
import { createRequire } from 'node:module';
import { newLatencyHistogram } from './histogram.ts';
import type { HttpRequestPlan } from './http-requests.ts';
import { emptyStepResult, type StepResult, type StepSpec } from './types.ts';

/** Most connections an open-loop step opens (each sends ≥ 1 request/s). */
export const OPEN_LOOP_MAX_CONNECTIONS = 128;

interface _AcRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
interface _AcClient {
  setRequests(requests: _AcRequest[]): void;
  on(event: 'request' | 'timeout' | 'done', fn: () => void): void;
  on(event: 'response', fn: (status: number, bytes: number, ms: number) => void): void;
  on(event: 'connError', fn: (err: Error & { code?: string }) => void): void;
}
interface _AcInstance {
  stop(): void;
}
type _Autocannon = (
  opts: Record<string, unknown>,
  cb: (err: Error | null, result: unknown) => void,
) => _AcInstance;

const _autocannon = createRequire(import.meta.url)('autocannon') as _Autocannon;

/** The classes of a response status: 2xx ok, 429 throttled, anything else an error named by its status. */
export function classifyStatus(status: number): 'ok' | 'throttled' | 'error' {
  if (status >= 200 && status < 300) return 'ok';
  return status === 429 ? 'throttled' : 'error';
}

function _requests(plan: HttpRequestPlan): _AcRequest[] {
  const u = new URL(plan.url);
  const base = { method: plan.method, path: `${u.pathname}${u.search}`, headers: plan.headers };
  if (plan.bodies.length === 0) return [base];
  return plan.bodies.map((body) => ({ ...base, body }));
}

export interface StepPlan {
  connections: number;
  /** Requests the step may send: its bound, and for an open step also its arrivals (rate × duration). */
  maxRequests: number;
  /** Open steps: autocannon's overallRate (whole requests per second). */
  overallRate?: number;
}

/** Connections, request cap and rate for a step (never more connections than requests). */
export function stepPlan(spec: StepSpec): StepPlan {
  if (spec.mode === 'closed') {
    return {
      connections: Math.max(1, Math.min(spec.concurrency ?? 1, spec.maxRequests)),
      maxRequests: spec.maxRequests,
    };
  }
  const rate = Math.max(1, Math.round(spec.ratePerSec ?? 1));
  const arrivals = Math.max(1, Math.ceil((rate * spec.durationMs) / 1000));
  const maxRequests = Math.min(spec.maxRequests, arrivals);
  const connections = Math.max(1, Math.min(rate, OPEN_LOOP_MAX_CONNECTIONS, maxRequests));
  return { connections, maxRequests, overallRate: rate };
}

/** Run one step against the plan's URL; resolves when the step's time or request bound is reached. */
export function runHttpStep(plan: HttpRequestPlan, spec: StepSpec): Promise<StepResult> {
  const requests = _requests(plan);
  const { connections, maxRequests, overallRate } = stepPlan(spec);
  const result = emptyStepResult(spec, { latencyUs: newLatencyHistogram() });
  const h = result.histograms.latencyUs;
  // Open loop: each connection is meant to send every `intervalUs` (coordinated-omission correction).
  const intervalUs = overallRate ? Math.round((1e6 * connections) / overallRate) : 0;
  const fail = (cls: string): void => {
    result.errorsByClass[cls] = (result.errorsByClass[cls] ?? 0) + 1;
  };
  let nextOffset = 0;
  const startedAt = performance.now();
  let lastEventAt = startedAt;
  /**
   * One connection's requests, from its own events (one request in flight at a time, no pipelining): a request
   * sent while the previous one is still open means the server closed the connection without answering it.
   * A request still open when the step stops was cut by the stop and is not counted.
   */
  const watch = (client: _AcClient): void => {
    let open = false;
    // autocannon reconnects and sends the next request BEFORE it emits `timeout` (or ends the connection at its
    // bound before): the request that looked closed unanswered a moment ago timed out instead.
    let justLost = false;
    const settle = (): void => {
      open = false;
      lastEventAt = performance.now();
      result.requests++;
    };
    const lost = (): void => {
      settle();
      fail('connection_closed');
      justLost = true;
      queueMicrotask(() => {
        justLost = false;
      });
    };
    client.on('request', () => {
      if (open) lost();
      open = true;
    });
    client.on('response', (status, _bytes, ms) => {
      settle();
      const us = Math.max(0, Math.round(ms * 1000));
      if (intervalUs > 0) h.recordValueWithExpectedInterval(us, intervalUs);
      else h.recordValue(us);
      const cls = classifyStatus(status);
      if (cls === 'ok') result.ok++;
      else {
        if (cls === 'throttled') result.throttled++;
        fail(String(status));
      }
    });
    client.on('timeout', () => {
      if (justLost) {
        justLost = false;
        const n = (result.errorsByClass.connection_closed ?? 1) - 1;
        if (n > 0) result.errorsByClass.connection_closed = n;
        else delete result.errorsByClass.connection_closed;
      } else settle();
      result.timeouts++;
      h.recordValue(Math.round(Math.max(1000, plan.timeoutMs) * 1000));
      fail('timeout');
    });
    // A connection that ends before the step's time reached its request bound: a request still open was sent
    // and never answered (the server closed the connection). At the step's end it was cut by the stop.
    client.on('done', () => {
      if (open && performance.now() - startedAt < spec.durationMs) lost();
    });
    client.on('connError', (err) => {
      if (!open) return; // not a request's failure (e.g. an idle connection reset)
      settle();
      fail(err.code ?? 'connection_error');
    });
  };
  const opts: Record<string, unknown> = {
    url: plan.url,
    connections,
    duration: spec.durationMs / 1000,
    maxOverallRequests: maxRequests,
    timeout: Math.max(1, plan.timeoutMs / 1000), // autocannon: seconds, at least 1
    requests: requests.slice(0, 1),
    setupClient: (client: _AcClient) => {
      watch(client);
      // Rows round-robin; each connection starts at its own row so a short step still spreads over the dataset.
      if (requests.length <= 1) return;
      const k = nextOffset++ % requests.length;
      client.setRequests([...requests.slice(k), ...requests.slice(0, k)]);
    },
    sampleInt: 100,
    skipAggregateResult: true,
    ...(overallRate ? { overallRate } : {}),
  };
  return new Promise((resolve, reject) => {
    _autocannon(opts, (err) => {
      if (err) {
        reject(err);
        return;
      }
      // Sent everything it may: the step lasted until its last answer (an open step: at least its duration,
      // as its arrivals were spread over it). Otherwise it ran out its time.
      const bounded = result.requests >= maxRequests;
      const active = (bounded ? lastEventAt : performance.now()) - startedAt;
      result.elapsedMs = overallRate && bounded ? Math.max(spec.durationMs, active) : active;
      resolve(result);
    });
  });
}

/** Run the steps one after the other; `onStep` sees each result as it lands (progress lines). */
export async function runHttpSteps(
  plan: HttpRequestPlan,
  steps: readonly StepSpec[],
  onStep?: (result: StepResult, index: number) => void,
): Promise<StepResult[]> {
  const out: StepResult[] = [];
  for (const [i, spec] of steps.entries()) {
    const r = await runHttpStep(plan, spec);
    out.push(r);
    onStep?.(r, i);
  }
  return out;
}
