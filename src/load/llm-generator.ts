/**
 * The streaming LLM load generator: a suite target (`suiteTarget: {suite, target, api?}` of a profile) driven
 * through the real SDK clients step by step (closed or open loop, src/load/arrivals.ts), each request's body
 * rendered from the suite's prompt and a dataset row (rows drawn round-robin). Per step: requests, statuses and
 * error classes, output tokens, and HDR histograms (µs) of latency, TTFT, inter-token latency and time per
 * output token. Latency and TTFT count from the INTENDED send time (open loop: queueing is not hidden).
 */
import { resolve } from 'node:path';
import { loadSuite, renderPrompt } from '../config/index.ts';
import { EvalgateError } from '../core/errors.ts';
import type { TargetRequest } from '../core/types.ts';
import { loadCases } from '../runner/load-cases.ts';
import type { ClientPool } from '../targets/clients.ts';
import { ensureLocalGuardrail } from '../targets/guardrail/local-registration.ts';
import { ensureLocalEndpoint } from '../targets/sagemaker/local-registration.ts';
import { EndpointSchema } from '../targets/sagemaker/spec.ts';
import type { TargetSpec } from '../targets/types.ts';
import { runClosedLoop, runOpenLoop } from './arrivals.ts';
import { newLatencyHistogram, recordMs } from './histogram.ts';
import {
  LLM_STREAM_APIS,
  type LlmStreamApi,
  type StreamCaller,
  type StreamCallRecord,
  streamCaller,
} from './llm-call.ts';
import { emptyStepResult, type StepResult, type StepSpec } from './types.ts';

/** A profile's `suiteTarget`. */
export interface SuiteTargetRef {
  suite: string;
  target: string;
  /** Overrides the target's `api` (one of LLM_STREAM_APIS). */
  api?: string;
}

export interface PreparedLlmTarget {
  id: string;
  api: LlmStreamApi;
  modelId: string;
  /** The target as built (region, endpoint…), e.g. for a connect pre-flight. */
  spec: TargetSpec;
  /** Rendered requests, one per dataset case, drawn round-robin across the whole run. */
  requests: TargetRequest[];
  call: StreamCaller;
}

/** One request as the generator saw it (for tests and traces). */
export interface RequestRecord extends StreamCallRecord {
  intendedAt: number;
}

export interface LlmStepOptions {
  /** Seed of Poisson arrivals (default 1). */
  seed?: number;
  /** Open loop: most requests in flight; later arrivals queue (measured from their intended time). */
  maxInFlight?: number;
  /** Open loop: queued arrivals unsent this long after the step's duration are dropped as timeouts. */
  graceMs?: number;
  onRecord?: (record: RequestRecord) => void;
}

/**
 * Load a suite, pick its target, render every case's request, and build the streaming caller. Local SageMaker
 * endpoints and guardrails are registered here, before any timed traffic. `baseDir` resolves `ref.suite`
 * (the profile file's folder).
 */
export async function prepareLlmTarget(
  ref: SuiteTargetRef,
  clients: ClientPool,
  opts: { baseDir?: string; timeoutMs?: number } = {},
): Promise<PreparedLlmTarget> {
  const loaded = await loadSuite(resolve(opts.baseDir ?? '.', ref.suite));
  const target = loaded.suite.targets.find((t) => t.id === ref.target);
  if (!target) {
    const ids = loaded.suite.targets.map((t) => t.id).join(', ');
    throw new EvalgateError(
      'CONFIG_REFERENCE',
      `suite has no target "${ref.target}" (has: ${ids})`,
      loaded.displayPath,
    );
  }
  const api = ref.api ?? target.api;
  if (!(LLM_STREAM_APIS as readonly string[]).includes(api)) {
    throw new EvalgateError(
      'CONFIG_REFERENCE',
      `target "${target.id}" uses api ${api}; a load test needs a streaming api (${LLM_STREAM_APIS.join(', ')})`,
      loaded.displayPath,
    );
  }
  const spec: TargetSpec = { ...target, api, baseDir: loaded.dir };
  const call = streamCaller(spec, clients, opts.timeoutMs);
  const { cases } = await loadCases(loaded, () => undefined);
  if (cases.length === 0)
    throw new EvalgateError(
      'DATASET_FILE',
      'the suite has no valid dataset row to draw requests from',
      loaded.displayPath,
    );
  const requests = cases.map((c) => renderPrompt(loaded, c, target));
  if (api === 'sagemaker-stream') {
    const endpoint = EndpointSchema.parse(spec.endpoint);
    await ensureLocalEndpoint(spec.id, endpoint, spec.baseDir, clients);
  }
  if (api === 'converse-stream' && spec.guardrail) await ensureLocalGuardrail(spec, clients);
  return { id: target.id, api: api as LlmStreamApi, modelId: spec.model, spec, requests, call };
}

/** Accumulates request records into a StepResult. */
export class StepAccumulator {
  private readonly result: StepResult;

  constructor(spec: StepSpec) {
    this.result = emptyStepResult(spec, {
      latencyUs: newLatencyHistogram(),
      ttftUs: newLatencyHistogram(),
      itlUs: newLatencyHistogram(),
      tpotUs: newLatencyHistogram(),
    });
  }

  /**
   * One request. Latency (ok and timed-out requests) and TTFT count from the intended send time in an open
   * loop (queueing is not hidden) and from the wire send time in a closed loop (no schedule exists); ITL is every gap between
   * consecutive text deltas; TPOT = (end − first token) / (output tokens − 1), for ok requests with ≥ 2 tokens.
   */
  add(r: RequestRecord): void {
    const s = this.result;
    const origin = s.spec.mode === 'open' ? r.intendedAt : r.sentAt;
    const h = s.histograms;
    s.requests++;
    if (r.status !== 'ok') {
      const cls = r.errorClass ?? r.status;
      s.errorsByClass[cls] = (s.errorsByClass[cls] ?? 0) + 1;
      if (r.status === 'throttled') s.throttled++;
      if (r.status === 'timeout') {
        s.timeouts++;
        recordMs(h.latencyUs, r.endAt - origin);
      }
      return;
    }
    s.ok++;
    s.outputTokens += r.outputTokens;
    recordMs(h.latencyUs, r.endAt - origin);
    const first = r.tokenAt[0];
    if (first === undefined) return;
    if (h.ttftUs) recordMs(h.ttftUs, first - origin);
    for (let i = 1; i < r.tokenAt.length; i++)
      if (h.itlUs) recordMs(h.itlUs, r.tokenAt[i]! - r.tokenAt[i - 1]!);
    if (r.outputTokens > 1 && h.tpotUs) recordMs(h.tpotUs, (r.endAt - first) / (r.outputTokens - 1));
  }

  finish(elapsedMs: number): StepResult {
    this.result.elapsedMs = elapsedMs;
    return this.result;
  }
}

/** Run one step against a prepared target. `cursor` carries the round-robin position across steps. */
export async function runLlmStep(
  target: PreparedLlmTarget,
  spec: StepSpec,
  opts: LlmStepOptions = {},
  cursor: { next: number } = { next: 0 },
): Promise<StepResult> {
  const acc = new StepAccumulator(spec);
  const fire = async (intendedAt: number): Promise<void> => {
    const request = target.requests[cursor.next++ % target.requests.length]!;
    const record: RequestRecord = { ...(await target.call(request)), intendedAt };
    acc.add(record);
    opts.onRecord?.(record);
  };
  const bounds = { durationMs: spec.durationMs, maxRequests: spec.maxRequests };
  if (spec.mode === 'closed') {
    const out = await runClosedLoop({ ...bounds, concurrency: spec.concurrency ?? 1 }, fire);
    return acc.finish(out.elapsedMs);
  }
  const dropped = (intendedAt: number) => {
    const t = performance.now();
    const record: RequestRecord = {
      status: 'timeout',
      errorClass: 'NotSent',
      startedAt: t,
      sentAt: t,
      tokenAt: [],
      endAt: t,
      outputTokens: 0,
      intendedAt,
    };
    acc.add(record);
    opts.onRecord?.(record);
  };
  const out = await runOpenLoop(
    {
      ...bounds,
      ratePerSec: spec.ratePerSec ?? 1,
      arrival: spec.arrival ?? 'constant',
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.maxInFlight !== undefined ? { maxInFlight: opts.maxInFlight } : {}),
      ...(opts.graceMs !== undefined ? { graceMs: opts.graceMs } : {}),
    },
    fire,
    dropped,
  );
  return acc.finish(out.elapsedMs);
}

/** Run the steps in order (one round-robin cursor over the dataset for the whole run). */
export async function runLlmSteps(
  target: PreparedLlmTarget,
  specs: readonly StepSpec[],
  opts: LlmStepOptions = {},
): Promise<StepResult[]> {
  const cursor = { next: 0 };
  const out: StepResult[] = [];
  for (const spec of specs) out.push(await runLlmStep(target, spec, opts, cursor));
  return out;
}
