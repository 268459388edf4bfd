/**
 * sagemaker-runtime routes: InvokeEndpoint and InvokeEndpointWithResponseStream over the local endpoints
 * (src/local/sagemaker, ENDPOINTS.md) — paths, headers and shapes read from @aws-sdk/client-sagemaker-runtime's
 * schemas (restJson1; the stream's `PayloadPart` events carry the container's raw bytes).
 */
import {
  cutResponse,
  readBody,
  sendBytes,
  sleep,
  sleepUntil,
  startEventStream,
  writeChunk,
} from '../http-util.ts';
import { type Generation, generate, getLocalModel } from '../models/index.ts';
import { countTokens } from '../models/prompt.ts';
import type { Route, RouteContext } from '../router.ts';
import type { Serving } from '../sagemaker/config.ts';
import { RoutingError, routeRequest } from '../sagemaker/registry.ts';
import { ContainerError, type ParsedInvocation, parseInvocation } from '../sagemaker/request.ts';
import { responseBody, streamParts } from '../sagemaker/response.ts';
import {
  modelErrorMembers,
  modelStreamErrorFrame,
  payloadPartFrame,
  sendSageMakerError,
} from '../sagemaker/wire.ts';
import { estimateTokens } from '../token-window.ts';

const _MESSAGES = {
  requests: 'Rate exceeded. Too many requests, please wait before trying again.',
  tokens: 'Rate exceeded. Too many tokens, please wait before trying again.',
  InternalServerException: 'An internal failure occurred. Retry your request.',
  ServiceUnavailableException: 'The service is temporarily unavailable. Try your request again later.',
  timeout: 'Your invocation timed out while waiting for a response from container primary.',
  cut: 'The model stream was interrupted (evalgate local backend: injected stream cut).',
};

function _header(ctx: RouteContext, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return typeof v === 'string' && v ? v : undefined;
}

/** Planned time to first byte and decode time from the serving variant's latency profile (before scaling). */
function _plan(serving: Serving, gen: Generation): { firstMs: number; decodeMs: number } {
  const p = serving.latency;
  return {
    firstMs: p.baseMs + p.perInputTokenMs * gen.inputTokens,
    decodeMs: p.perOutputTokenMs * gen.outputTokens,
  };
}

async function _serve(ctx: RouteContext, streaming: boolean): Promise<void> {
  const started = performance.now();
  const { res, state, signal } = ctx;
  const name = ctx.params.name ?? '';
  const body = await readBody(ctx.req);
  let statsKey = `sagemaker/${name}`;
  const fail = (error: string, message: string, members?: Record<string, unknown>): void => {
    state.stats.error(statsKey, error);
    if (!signal.aborted) sendSageMakerError(res, error, message, members);
  };
  const endpoint = state.endpoints.get(name);
  if (!endpoint) {
    state.stats.request(statsKey, ctx.protocol);
    return fail('ValidationError', `Endpoint ${name} of account 000000000000 not found.`);
  }
  let routed: ReturnType<typeof routeRequest>;
  try {
    routed = routeRequest(
      name,
      endpoint,
      body,
      _header(ctx, 'x-amzn-sagemaker-target-variant'),
      _header(ctx, 'x-amzn-sagemaker-inference-component'),
    );
  } catch (err) {
    if (!(err instanceof RoutingError)) throw err;
    state.stats.request(statsKey, ctx.protocol);
    return fail('ValidationError', err.message);
  }
  statsKey = `sagemaker/${name}/${routed.component ?? routed.variant.name}`;
  state.stats.request(statsKey, ctx.protocol);
  let parsed: ParsedInvocation;
  try {
    parsed = parseInvocation(routed.serving.container, body);
  } catch (err) {
    if (!(err instanceof ContainerError)) throw err;
    const containerBody = JSON.stringify({ error: err.message, error_type: 'validation' });
    const { message, members } = modelErrorMembers(name, err.status, containerBody);
    return fail('ModelError', message, members);
  }
  const faults = state.faults;
  const inTokens = [...parsed.input.system, ...parsed.input.messages.map((m) => m.text)].reduce(
    (n, t) => n + countTokens(t),
    0,
  );
  const reserve = faults.config.tokensPerMinute ? estimateTokens(inTokens, parsed.input.maxTokens) : 0;
  const decision = faults.decide(streaming, reserve);
  if (decision.kind === 'throttle') return fail('ThrottlingException', _MESSAGES[decision.quota]);
  if (decision.kind === 'error') {
    const error = decision.errorName === 'InternalServerException' ? 'InternalFailure' : 'ServiceUnavailable';
    return fail(error, _MESSAGES[decision.errorName]);
  }
  if (decision.kind === 'timeout') {
    await sleep(decision.delayMs, signal);
    return fail('ModelError', _MESSAGES.timeout, { ErrorCode: 'MODEL_TIMEOUT' });
  }
  const gen = generate(getLocalModel(routed.serving.model)!, parsed.input, faults.sampler);
  const plan = _plan(routed.serving, gen);
  const scale = faults.latencyScale;
  const timing = streaming ? faults.config.streamTiming : undefined;
  // with streamTiming the first part waits for its absolute deadline in the loop below
  await sleep(timing ? 0 : decision.extraLatencyMs + plan.firstMs * scale, signal);
  if (signal.aborted) return;
  const variantHeader = { 'x-amzn-invoked-production-variant': routed.variant.name };
  if (!streaming) {
    await sleep(plan.decodeMs * scale, signal);
    if (signal.aborted) return;
    const out = Buffer.from(JSON.stringify(responseBody(routed.serving.container, gen, parsed, name)));
    sendBytes(res, 200, out, { 'content-type': 'application/json', ...variantHeader });
  } else {
    const parts = streamParts(routed.serving.container, gen, parsed, name);
    const decodeGap = parts.length > 1 ? (plan.decodeMs * scale) / (parts.length - 1) : 0;
    const gap = timing ? timing.interTokenMs : decodeGap;
    // absolute deadlines, so the gaps do not drift with timer lateness
    let deadline = timing ? started + decision.extraLatencyMs + timing.ttftMs : performance.now();
    const contentType = routed.serving.container === 'lmi' || routed.serving.container === 'custom';
    startEventStream(res, {
      'x-amzn-sagemaker-content-type': contentType ? 'application/jsonlines' : 'text/event-stream',
      ...variantHeader,
    });
    for (const [i, part] of parts.entries()) {
      if (i === decision.cutAfterEvents) {
        state.stats.streamCut(statsKey);
        if (decision.cutMode === 'exception')
          res.end(modelStreamErrorFrame(_MESSAGES.cut, 'ModelStreamError'));
        else cutResponse(res);
        return;
      }
      if (i > 0) deadline += gap;
      await sleepUntil(deadline, signal);
      if (signal.aborted) return;
      await writeChunk(res, payloadPartFrame(part));
    }
    res.end();
  }
  faults.settleTokens(decision.tokens, gen.inputTokens + gen.outputTokens);
  state.stats.ok(statsKey, gen.inputTokens, gen.outputTokens);
}

export const sagemakerRuntimeRoutes: Route[] = [
  { method: 'POST', path: '/endpoints/{name}/invocations', handle: (c) => _serve(c, false) },
  { method: 'POST', path: '/endpoints/{name}/invocations-response-stream', handle: (c) => _serve(c, true) },
];
