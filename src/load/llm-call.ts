/**
 * One streaming LLM call through the real SDK clients, timed for load tests: the send time, the arrival time of
 * every text delta (ConverseStream `contentBlockDelta`, InvokeModelWithResponseStream chunk text, SageMaker
 * PayloadPart text), the end time, the output tokens (the stream's usage, else the number of text deltas) and the
 * status with the AWS exception name as its class. Never throws for a failed call: failures are records.
 */
import {
  type BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { InvokeEndpointWithResponseStreamCommand } from '@aws-sdk/client-sagemaker-runtime';
import { EvalgateError } from '../core/errors.ts';
import type { TargetRequest } from '../core/types.ts';
import type { ClientPool } from '../targets/clients.ts';
import { converseGuardrailConfig } from '../targets/guardrail/converse.ts';
import { type InvokeFormat, invokeFormatFor, supportedInvokeFamilies } from '../targets/invoke-formats.ts';
import { type PayloadCodec, payloadCodec } from '../targets/sagemaker/payload.ts';
import { EndpointSchema, type EndpointSpec } from '../targets/sagemaker/spec.ts';
import { StreamDecoder } from '../targets/sagemaker/stream.ts';
import type { TargetSpec } from '../targets/types.ts';
import type { RequestStatus } from './types.ts';

/** The streaming APIs the LLM generator drives. */
export const LLM_STREAM_APIS = ['converse-stream', 'invoke-stream', 'sagemaker-stream'] as const;
export type LlmStreamApi = (typeof LLM_STREAM_APIS)[number];

/** What one call did; times are performance.now() milliseconds. */
export interface StreamCallRecord {
  status: RequestStatus;
  /** The AWS exception name (e.g. `ThrottlingException`), `Timeout` for our own deadline, or the error's name. */
  errorClass?: string;
  /** When the request was handed to the SDK. */
  startedAt: number;
  /**
   * When the signed request left the SDK for the HTTP handler (the last middleware), so client-side
   * serialization and signing are not counted as the service's time; `startedAt` when it never got that far.
   */
  sentAt: number;
  /** Arrival of every non-empty text delta, in order. */
  tokenAt: number[];
  endAt: number;
  /** Output tokens: the stream's usage when it reports one, else the number of text deltas (0 unless ok). */
  outputTokens: number;
}

/** Runs one streaming call; resolves with its record (never rejects). */
export type StreamCaller = (request: TargetRequest, signal?: AbortSignal) => Promise<StreamCallRecord>;

interface _Observed {
  tokenAt: number[];
  usageTokens?: number;
  /** When the signed request reached the HTTP handler. */
  wireAt?: number;
}

/** Stamps `seen.wireAt` as the request leaves the SDK's middleware (after serialization and signing). */
function _stampWire<C extends { middlewareStack: { add: (...a: any[]) => unknown } }>(
  command: C,
  seen: _Observed,
): C {
  command.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>) => (args: unknown) => {
      seen.wireAt = performance.now();
      return next(args);
    },
    { step: 'deserialize', priority: 'low', name: 'evalgateLoadSendTime' },
  );
  return command;
}

type _Stream = (request: TargetRequest, signal: AbortSignal, seen: _Observed) => Promise<void>;

const _decoder = new TextDecoder();

/** Status and class of a failed call. `timedOut`: our own deadline fired. */
export function classifyFailure(
  err: unknown,
  timedOut: boolean,
): { status: RequestStatus; errorClass: string } {
  if (timedOut) return { status: 'timeout', errorClass: 'Timeout' };
  const e = err as { name?: unknown; code?: unknown } | undefined;
  const name =
    typeof e?.name === 'string' && e.name !== 'Error'
      ? e.name
      : typeof e?.code === 'string'
        ? e.code
        : 'Error';
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException')
    return { status: 'throttled', errorClass: name };
  if (name === 'ModelTimeoutException' || name === 'TimeoutError')
    return { status: 'timeout', errorClass: name };
  return { status: 'error', errorClass: name };
}

function _converse(spec: TargetSpec, client: BedrockRuntimeClient): _Stream {
  return async (request, signal, seen) => {
    const input: ConverseStreamCommandInput = {
      modelId: spec.model,
      messages: [{ role: 'user', content: [{ text: request.prompt }] }],
    };
    if (request.system) input.system = [{ text: request.system }];
    if (request.inferenceConfig) input.inferenceConfig = { ...request.inferenceConfig };
    const guardrailConfig = converseGuardrailConfig(spec);
    if (guardrailConfig) input.guardrailConfig = { ...guardrailConfig };
    const out = await client.send(_stampWire(new ConverseStreamCommand(input), seen), {
      abortSignal: signal,
    });
    for await (const event of out.stream ?? []) {
      if (event.contentBlockDelta?.delta?.text) seen.tokenAt.push(performance.now());
      const used = event.metadata?.usage?.outputTokens;
      if (used !== undefined) seen.usageTokens = used;
    }
  };
}

function _invoke(spec: TargetSpec, client: BedrockRuntimeClient, format: InvokeFormat): _Stream {
  return async (request, signal, seen) => {
    const command = new InvokeModelWithResponseStreamCommand({
      modelId: spec.model,
      body: JSON.stringify(format.body(request)),
      contentType: 'application/json',
      accept: 'application/json',
    });
    const out = await client.send(_stampWire(command, seen), { abortSignal: signal });
    for await (const event of out.body ?? []) {
      const bytes = event.chunk?.bytes;
      if (!bytes) continue;
      const part = format.parseChunk(JSON.parse(_decoder.decode(bytes)));
      if (part.text) seen.tokenAt.push(performance.now());
      if (part.usage?.outputTokens !== undefined) seen.usageTokens = part.usage.outputTokens;
    }
  };
}

function _sagemaker(spec: TargetSpec, endpoint: EndpointSpec, clients: ClientPool): _Stream {
  const client = clients.sagemakerRuntime(spec.region);
  const codec: PayloadCodec = payloadCodec(endpoint);
  return async (request, signal, seen) => {
    const started = performance.now();
    const command = new InvokeEndpointWithResponseStreamCommand({
      EndpointName: endpoint.name,
      ContentType: 'application/json',
      Accept: 'application/json',
      Body: new TextEncoder().encode(JSON.stringify(codec.body(request, true))),
      ...(endpoint.variant ? { TargetVariant: endpoint.variant } : {}),
      ...(endpoint.inferenceComponent ? { InferenceComponentName: endpoint.inferenceComponent } : {}),
    });
    const out = await client.send(_stampWire(command, seen), { abortSignal: signal });
    // the decoder stamps each text delta with performance.now() as it is parsed
    const decoder = new StreamDecoder(codec, started, () => {
      const t = performance.now();
      seen.tokenAt.push(t);
      return t;
    });
    for await (const event of out.Body ?? []) {
      if (event.PayloadPart?.Bytes) decoder.push(event.PayloadPart.Bytes);
    }
    const result = decoder.finish();
    if (result.usage) seen.usageTokens = result.usage.outputTokens;
  };
}

function _streamFor(spec: TargetSpec, clients: ClientPool): _Stream {
  switch (spec.api) {
    case 'converse-stream':
      return _converse(spec, clients.bedrockRuntime(spec.region));
    case 'invoke-stream': {
      const format = invokeFormatFor(spec.model);
      if (!format)
        throw new EvalgateError(
          'TARGET',
          `target "${spec.id}": api invoke-stream has no body format for model ${spec.model} (supported families: ${supportedInvokeFamilies().join(', ')}); use api: converse-stream`,
        );
      return _invoke(spec, clients.bedrockRuntime(spec.region), format);
    }
    case 'sagemaker-stream': {
      const parsed = EndpointSchema.safeParse(spec.endpoint);
      if (!parsed.success)
        throw new EvalgateError('TARGET', `target "${spec.id}": api sagemaker-stream needs a valid endpoint`);
      return _sagemaker(spec, parsed.data, clients);
    }
    default:
      throw new EvalgateError(
        'TARGET',
        `target "${spec.id}": api ${spec.api ?? 'converse'} is not a streaming API a load test can drive (expected one of ${LLM_STREAM_APIS.join(', ')})`,
      );
  }
}

/**
 * A caller for one suite target (its `api` must be one of LLM_STREAM_APIS). `timeoutMs` bounds each call
 * (status `timeout`, class `Timeout`); an aborted `signal` ends the call as a timeout too.
 */
export function streamCaller(spec: TargetSpec, clients: ClientPool, timeoutMs = 60_000): StreamCaller {
  const stream = _streamFor(spec, clients);
  return async (request, outer) => {
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => {
      timedOut = true;
      controller.abort();
    };
    const timer = setTimeout(onAbort, timeoutMs);
    outer?.addEventListener('abort', onAbort, { once: true });
    const seen: _Observed = { tokenAt: [] };
    const startedAt = performance.now();
    // the SDK may end a stream quietly when aborted mid-body: race the abort so the deadline always wins
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
    );
    try {
      const running = stream(request, controller.signal, seen);
      running.catch(() => undefined);
      await Promise.race([running, aborted]);
      if (timedOut) throw new Error('aborted');
      const outputTokens = seen.usageTokens ?? seen.tokenAt.length;
      const endAt = performance.now();
      return {
        status: 'ok',
        startedAt,
        sentAt: seen.wireAt ?? startedAt,
        tokenAt: seen.tokenAt,
        endAt,
        outputTokens,
      };
    } catch (err) {
      const failure = classifyFailure(err, timedOut);
      const endAt = performance.now();
      return {
        ...failure,
        startedAt,
        sentAt: seen.wireAt ?? startedAt,
        tokenAt: seen.tokenAt,
        endAt,
        outputTokens: 0,
      };
    } finally {
      clearTimeout(timer);
      aborted.catch(() => undefined);
      outer?.removeEventListener('abort', onAbort);
    }
  };
}
