/**
 * Classification of a failed call: what the store records (class, message, attempts) and whether the runner
 * retries it. The lists follow @smithy/service-error-classification (not a direct dependency here: it is only
 * bundled inside @smithy/core, which our package cannot resolve), narrowed to what Bedrock and Node raise.
 */

/** What the store records of a failed call: the exception class (the SDK's own name), message and attempts. */
export interface ClassifiedError {
  errorClass: string;
  errorMessage: string;
  attempts: number;
}

/**
 * Why an attempt failed. Every kind but `client` is retried:
 * - `throttle`: ThrottlingException and friends, HTTP 429;
 * - `server`: InternalServerException, ServiceUnavailableException, ModelNotReadyException, any HTTP ≥ 500;
 * - `timeout`: our per-request timeout, ModelTimeoutException, HTTP 408;
 * - `stream`: an error while reading a response stream (ModelStreamErrorException, reset, aborted);
 * - `network`: the connection failed (ECONNREFUSED, ECONNRESET, EPIPE, …);
 * - `client`: everything else (ValidationException, AccessDeniedException, ResourceNotFoundException, other 4xx,
 *   and plain programming errors) — never retried.
 */
export type FailureKind = 'throttle' | 'server' | 'timeout' | 'stream' | 'network' | 'client';

const THROTTLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'SlowDown',
]);
const SERVER_NAMES = new Set([
  'InternalServerException',
  'InternalFailure',
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'ModelNotReadyException',
]);
const TIMEOUT_NAMES = new Set([
  'ModelTimeoutException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const STREAM_NAMES = new Set(['ModelStreamErrorException', 'AbortError']);
const STREAM_CODES = new Set([
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_STREAM_CANCEL',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ECONNABORTED',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_HTTP2_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_INVALID_SESSION',
]);

interface _ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: { throttling?: boolean };
}

/** Decides whether an attempt's failure is retryable and why. `timedOut`: our own timeout fired. */
export function failureKind(err: unknown, timedOut: boolean): FailureKind {
  if (timedOut) return 'timeout';
  const e = (err ?? {}) as _ErrorLike;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  // names first: ModelNotReadyException arrives as HTTP 429 but is a model warming up, not a quota
  if (THROTTLE_NAMES.has(name)) return 'throttle';
  if (SERVER_NAMES.has(name)) return 'server';
  if (TIMEOUT_NAMES.has(name)) return 'timeout';
  if (status === 429 || e.$retryable?.throttling) return 'throttle';
  if (status === 408) return 'timeout';
  if (status !== undefined && status >= 500) return 'server';
  if (STREAM_NAMES.has(name) || (e.code !== undefined && STREAM_CODES.has(e.code))) return 'stream';
  if (e.code !== undefined && NETWORK_CODES.has(e.code)) return 'network';
  if (status === undefined && /^(aborted|socket hang up|premature close)/i.test(e.message ?? ''))
    return 'stream';
  return 'client';
}

export function isRetryable(kind: FailureKind): boolean {
  return kind !== 'client';
}

/**
 * The class stored for a failed call: `Timeout` for our own timeout, else the SDK's exception name, else the
 * Node error code (e.g. `ECONNRESET`), else `Error`. `attempts` defaults to what the SDK reports, else 1.
 */
export function classifyError(err: unknown, timedOut: boolean, attempts?: number): ClassifiedError {
  const e = err as _ErrorLike | undefined;
  const n = attempts ?? e?.$metadata?.attempts ?? 1;
  if (timedOut)
    return { errorClass: 'Timeout', errorMessage: e?.message ?? 'request timed out', attempts: n };
  const named = e?.name && e.name !== 'Error' ? e.name : undefined;
  const errorClass = named ?? (typeof e?.code === 'string' && e.code ? e.code : 'Error');
  const errorMessage = (e?.message ?? String(err)).replace(/\s*\n\s*/g, ' ').slice(0, 2000);
  return { errorClass, errorMessage, attempts: n };
}
