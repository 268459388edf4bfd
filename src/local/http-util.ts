/**
 * Request/response helpers written against the common surface of node:http and node:http2's compat API,
 * so one handler serves HTTP/1.1 and cleartext HTTP/2 alike.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Http2ServerRequest, type Http2ServerResponse, constants as h2constants } from 'node:http2';

export type Req = IncomingMessage | Http2ServerRequest;
export type Res = ServerResponse | Http2ServerResponse;

/** HTTP status of each AWS exception the backend emits (restJson1 `x-amzn-errortype`). */
export const ERROR_STATUS: Record<string, number> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ThrottlingException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
  UnknownOperationException: 404,
};

export function readBody(req: Req, limitBytes = 32 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limitBytes) reject(new Error(`request body larger than ${limitBytes} bytes`));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function _baseHeaders(contentType: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': contentType, 'x-amzn-requestid': randomUUID(), ...extra };
}

export function sendJson(
  res: Res,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    ..._baseHeaders('application/json', headers),
    'content-length': String(payload.length),
  });
  res.end(payload);
}

export function sendBytes(res: Res, status: number, body: Buffer, headers: Record<string, string>): void {
  res.writeHead(status, {
    ...headers,
    'x-amzn-requestid': randomUUID(),
    'content-length': String(body.length),
  });
  res.end(body);
}

/** An AWS restJson1 error: status + `x-amzn-errortype` + `{"message": ...}`; the SDK maps it to its class. */
export function sendAwsError(res: Res, name: string, message: string): void {
  const status = ERROR_STATUS[name] ?? 500;
  sendJson(res, status, { message }, { 'x-amzn-errortype': name });
}

/** Start an event-stream response. */
export function startEventStream(res: Res, headers: Record<string, string> = {}): void {
  res.writeHead(200, _baseHeaders('application/vnd.amazon.eventstream', headers));
}

/** Cut a response mid-flight: HTTP/2 resets the stream (RST_STREAM), HTTP/1.1 destroys the socket. */
export function cutResponse(res: Res): void {
  if ('stream' in res && res.stream) {
    res.stream.close(h2constants.NGHTTP2_INTERNAL_ERROR);
  } else {
    res.socket?.destroy();
  }
}

/** Resolve after `ms` (immediately for 0), or early if the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Write one chunk; resolves once it is handed to the OS (so a later cut does not swallow it). */
export function writeChunk(res: Res, data: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    // The h1/h2 `write` overloads do not unify in TypeScript; both accept (chunk, callback).
    (res as ServerResponse).write(data, () => resolve());
  });
}

/**
 * Resolve at the performance.now() time `deadline` to within a fraction of a millisecond (timers alone fire up to
 * ~1 ms late): a timer to just before it, then event-loop turns (setImmediate, I/O still served) until it passes.
 */
export function sleepUntil(deadline: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const spin = (): void => {
      if (signal?.aborted || performance.now() >= deadline) resolve();
      else setImmediate(spin);
    };
    const coarse = deadline - performance.now() - 1.5;
    if (coarse > 0) setTimeout(spin, coarse);
    else spin();
  });
}
