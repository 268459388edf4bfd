/**
 * bedrock-runtime routes: Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream — the wire
 * shapes read from @aws-sdk/client-bedrock-runtime's schemas (restJson1 + AWS event-stream). Converse calls with
 * `guardrailConfig` go through the local guardrail (guardrails/converse.ts).
 */
import { chunkFrame, eventFrame, exceptionFrame } from '../eventstream.ts';
import {
  type ConverseGuard,
  type GuardedAnswer,
  guardedGenerate,
  openConverseGuard,
} from '../guardrails/converse.ts';
import {
  cutResponse,
  readBody,
  sendAwsError,
  sendBytes,
  sendJson,
  sleep,
  sleepUntil,
  startEventStream,
  writeChunk,
} from '../http-util.ts';
import { getEmbeddingModel } from '../models/embeddings.ts';
import { generate, getLocalModel, LOCAL_MODELS } from '../models/index.ts';
import { countTokens, type ModelInput } from '../models/prompt.ts';
import { resolveManagedConverse } from '../prompts/converse.ts';
import { isPromptArn } from '../prompts/registry.ts';
import type { Route, RouteContext } from '../router.ts';
import { estimateTokens } from '../token-window.ts';
import { parseConverseBody, parseNovaBody, RequestValidationError } from './bedrock-parse.ts';
import { serveEmbedding } from './embeddings.ts';

type Mode = 'converse' | 'converse-stream' | 'invoke' | 'invoke-stream';
/** A model answer (stopReason may be `guardrail_intervened` when a guardrail is attached). */
type Generation = GuardedAnswer['gen'];

/** One stream event: the Converse member name and its payload. */
interface StreamEvent {
  member: string;
  payload: () => Record<string, unknown>;
  /** Delay (ms) before this event, after the previous one. */
  delayMs: number;
}

const MESSAGES = {
  throttle: 'Too many requests, please wait before trying again.',
  throttleTokens: 'Too many tokens, please wait before trying again.',
  InternalServerException: 'An internal server error occurred. Retry your request.',
  ServiceUnavailableException: 'The service is temporarily unavailable. Try your request again later.',
  timeout: 'Model has timed out in processing the request. Try your request again.',
  cut: 'The model stream was interrupted (evalgate local backend: injected stream cut).',
};

/** Split output text into stream deltas of up to 3 words each (whitespace kept). */
export function splitDeltas(text: string): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 3) out.push(words.slice(i, i + 3).join(''));
  return out;
}

function _usage(gen: Generation): { inputTokens: number; outputTokens: number; totalTokens: number } {
  return {
    inputTokens: gen.inputTokens,
    outputTokens: gen.outputTokens,
    totalTokens: gen.inputTokens + gen.outputTokens,
  };
}

/** The tokens/min reservation of a request: its input tokens (same rule as the models') + maxTokens. */
function _reservation(input: ModelInput): number {
  const texts = [...input.system, ...input.messages.map((m) => m.text)];
  return estimateTokens(
    texts.reduce((n, t) => n + countTokens(t), 0),
    input.maxTokens,
  );
}

/** The Converse event sequence (also the Nova streaming chunk sequence; Nova adds invocation metrics). */
function _events(
  gen: Generation,
  decodeMs: number,
  mode: Mode,
  started: number,
  ttfb: () => number,
  trace?: Record<string, unknown>,
): StreamEvent[] {
  const deltas = splitDeltas(gen.text);
  const gap = deltas.length ? decodeMs / deltas.length : 0;
  const elapsed = () => Math.round(performance.now() - started);
  const metadata = (): Record<string, unknown> => {
    if (mode === 'converse-stream')
      return { usage: _usage(gen), metrics: { latencyMs: elapsed() }, ...(trace ? { trace } : {}) };
    return {
      usage: { inputTokens: gen.inputTokens, outputTokens: gen.outputTokens },
      metrics: {},
      trace: {},
    };
  };
  return [
    { member: 'messageStart', payload: () => ({ role: 'assistant' }), delayMs: 0 },
    ...deltas.map((text) => ({
      member: 'contentBlockDelta',
      payload: () => ({ contentBlockIndex: 0, delta: { text } }),
      delayMs: gap,
    })),
    { member: 'contentBlockStop', payload: () => ({ contentBlockIndex: 0 }), delayMs: 0 },
    { member: 'messageStop', payload: () => ({ stopReason: gen.stopReason }), delayMs: 0 },
    { member: 'metadata', payload: metadata, delayMs: 0 },
  ].map((e) =>
    mode === 'invoke-stream' && e.member === 'metadata'
      ? {
          ...e,
          payload: () => ({
            metadata: metadata(),
            'amazon-bedrock-invocationMetrics': {
              inputTokenCount: gen.inputTokens,
              outputTokenCount: gen.outputTokens,
              invocationLatency: elapsed(),
              firstByteLatency: ttfb(),
            },
          }),
        }
      : e,
  );
}

/**
 * Fault `streamTiming`: the first content delta (and the events before it) leaves at `firstAt`
 * (performance.now() time), each later delta `interTokenMs` after the previous one.
 */
function _retime(events: StreamEvent[], firstAt: number, interTokenMs: number): void {
  let deltas = 0;
  for (const e of events) {
    if (e.member !== 'contentBlockDelta') e.delayMs = 0;
    else e.delayMs = deltas++ === 0 ? 0 : interTokenMs;
  }
  if (events[0]) events[0].delayMs = Math.max(0, firstAt - performance.now());
}

function _frame(mode: Mode, e: StreamEvent): Uint8Array {
  if (mode === 'converse-stream') return eventFrame(e.member, e.payload());
  const p = e.payload();
  return chunkFrame(e.member === 'metadata' ? p : { [e.member]: p });
}

async function _serve(ctx: RouteContext, mode: Mode): Promise<void> {
  const started = performance.now();
  const { res, state, signal } = ctx;
  let modelId = ctx.params.modelId ?? '';
  const streaming = mode.endsWith('stream');
  let body = await readBody(ctx.req);
  // a Prompt Management prompt version ARN becomes a plain Converse request for the prompt variant's model
  const managed = isPromptArn(modelId)
    ? resolveManagedConverse(state.prompts, modelId, body, mode)
    : undefined;
  if (managed && !('error' in managed)) ({ modelId, body } = managed);
  state.stats.request(modelId, ctx.protocol);
  const fail = (name: string, message: string): void => {
    state.stats.error(modelId, name);
    if (!signal.aborted) sendAwsError(res, name, message);
  };
  if (managed && 'error' in managed) return fail(managed.error, managed.message);
  const embedder = getEmbeddingModel(modelId);
  if (embedder) {
    if (mode === 'invoke') return serveEmbedding(ctx, modelId, embedder, body);
    const api = mode === 'invoke-stream' ? 'response streaming' : 'the Converse API';
    return fail('ValidationException', `Model ${modelId} is an embedding model and does not support ${api}.`);
  }
  const model = getLocalModel(modelId);
  if (!model) {
    const known = LOCAL_MODELS.map((m) => m.id).join(', ');
    return fail(
      'ResourceNotFoundException',
      `Model ${modelId} not found on the evalgate local backend (has: ${known})`,
    );
  }
  let input: ModelInput;
  let guard: ConverseGuard | undefined;
  try {
    const opened = mode.startsWith('converse') ? openConverseGuard(state.guardrails, body) : undefined;
    if (opened && 'notFound' in opened) return fail('ResourceNotFoundException', opened.notFound);
    guard = opened;
    const converseBody = guard ? Buffer.from(JSON.stringify(guard.json)) : body;
    input = mode.startsWith('converse') ? parseConverseBody(converseBody) : parseNovaBody(body);
  } catch (err) {
    if (err instanceof RequestValidationError) return fail('ValidationException', err.message);
    throw err;
  }
  const reserve = state.faults.config.tokensPerMinute ? _reservation(input) : 0;
  const decision = state.faults.decide(streaming, reserve);
  if (decision.kind === 'throttle') {
    return fail('ThrottlingException', MESSAGES[decision.quota === 'tokens' ? 'throttleTokens' : 'throttle']);
  }
  if (decision.kind === 'error') return fail(decision.errorName, MESSAGES[decision.errorName]);
  if (decision.kind === 'timeout') {
    await sleep(decision.delayMs, signal);
    return fail('ModelTimeoutException', MESSAGES.timeout);
  }
  const answer: GuardedAnswer = guard
    ? guardedGenerate(guard, model)
    : { gen: generate(model, input, state.faults.sampler) };
  const gen = answer.gen;
  const scale = state.faults.latencyScale;
  const timing = streaming ? state.faults.config.streamTiming : undefined;
  await sleep(decision.extraLatencyMs + (timing ? 0 : gen.firstByteMs * scale), signal);
  if (signal.aborted) return;
  if (!streaming) {
    await sleep(gen.decodeMs * scale, signal);
    if (signal.aborted) return;
    _respond(ctx, mode, gen, Math.round(performance.now() - started), answer.trace);
  } else {
    const ttfb = Math.round(performance.now() - started);
    const events = _events(gen, gen.decodeMs * scale, mode, started, () => ttfb, answer.trace);
    if (timing) _retime(events, started + decision.extraLatencyMs + timing.ttftMs, timing.interTokenMs);
    startEventStream(
      res,
      mode === 'invoke-stream' ? { 'x-amzn-bedrock-content-type': 'application/json' } : {},
    );
    let deadline = performance.now(); // absolute deadlines: the gaps do not drift with timer lateness
    for (const [i, e] of events.entries()) {
      if (i === decision.cutAfterEvents) {
        state.stats.streamCut(modelId);
        if (decision.cutMode === 'exception') {
          const payload = { message: MESSAGES.cut, originalStatusCode: 500, originalMessage: MESSAGES.cut };
          res.end(exceptionFrame('modelStreamErrorException', payload));
        } else cutResponse(res);
        return;
      }
      deadline += e.delayMs;
      await sleepUntil(deadline, signal);
      if (signal.aborted) return;
      await writeChunk(res, _frame(mode, e));
    }
    res.end();
  }
  state.faults.settleTokens(decision.tokens, gen.inputTokens + gen.outputTokens);
  state.stats.ok(modelId, gen.inputTokens, gen.outputTokens);
}

function _respond(
  ctx: RouteContext,
  mode: Mode,
  gen: Generation,
  latencyMs: number,
  trace?: Record<string, unknown>,
): void {
  const message = { role: 'assistant', content: [{ text: gen.text }] };
  if (mode === 'converse') {
    sendJson(ctx.res, 200, {
      output: { message },
      stopReason: gen.stopReason,
      usage: _usage(gen),
      metrics: { latencyMs },
      ...(trace ? { trace } : {}),
    });
    return;
  }
  const nova = { output: { message }, stopReason: gen.stopReason, usage: _usage(gen) };
  sendBytes(ctx.res, 200, Buffer.from(JSON.stringify(nova)), {
    'content-type': 'application/json',
    'x-amzn-bedrock-input-token-count': String(gen.inputTokens),
    'x-amzn-bedrock-output-token-count': String(gen.outputTokens),
    'x-amzn-bedrock-invocation-latency': String(latencyMs),
  });
}

export const bedrockRuntimeRoutes: Route[] = [
  { method: 'POST', path: '/model/{modelId}/converse', handle: (c) => _serve(c, 'converse') },
  { method: 'POST', path: '/model/{modelId}/converse-stream', handle: (c) => _serve(c, 'converse-stream') },
  { method: 'POST', path: '/model/{modelId}/invoke', handle: (c) => _serve(c, 'invoke') },
  {
    method: 'POST',
    path: '/model/{modelId}/invoke-with-response-stream',
    handle: (c) => _serve(c, 'invoke-stream'),
  },
];
