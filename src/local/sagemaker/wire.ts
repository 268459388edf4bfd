/**
 * sagemaker-runtime wire details: restJson1 errors with SageMaker's own exception names and members
 * (`Message`, ModelError's `OriginalStatusCode` / `OriginalMessage`), and the response stream's events.
 */
import { randomUUID } from 'node:crypto';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { Res } from '../http-util.ts';

/** HTTP status of each exception (from the SDK's error schemas; ThrottlingException is AWS's common 400). */
export const SAGEMAKER_ERROR_STATUS: Record<string, number> = {
  ValidationError: 400,
  ThrottlingException: 400,
  ModelError: 424,
  ModelNotReadyException: 429,
  InternalFailure: 500,
  ServiceUnavailable: 503,
};

const _codec = new EventStreamCodec(toUtf8, fromUtf8);
const _str = (value: string) => ({ type: 'string' as const, value });

/** Answer a SageMaker exception: status + `x-amzn-errortype` + `{"Message", ...members}`. */
export function sendSageMakerError(
  res: Res,
  name: string,
  message: string,
  members: Record<string, unknown> = {},
): void {
  const body = Buffer.from(JSON.stringify({ Message: message, ...members }));
  res.writeHead(SAGEMAKER_ERROR_STATUS[name] ?? 500, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': name,
    'content-length': String(body.length),
  });
  res.end(body);
}

/** The ModelError SageMaker returns when the container answered an error status itself. */
export function modelErrorMembers(
  endpoint: string,
  status: number,
  containerBody: string,
): { message: string; members: Record<string, unknown> } {
  const kind = status >= 500 ? 'server' : 'client';
  return {
    message: `Received ${kind} error (${status}) from primary with message "${containerBody}". See the endpoint's log stream for more information.`,
    members: {
      OriginalStatusCode: status,
      OriginalMessage: containerBody,
      LogStreamArn: `arn:aws:logs:us-east-1:000000000000:log-group:/aws/sagemaker/Endpoints/${endpoint}`,
      ErrorCode: kind === 'client' ? 'CLIENT_ERROR_FROM_MODEL' : 'SERVER_ERROR_FROM_MODEL',
    },
  };
}

/** A `PayloadPart` event: its body is the raw bytes of the part (the `Bytes` member is the event payload). */
export function payloadPartFrame(part: string): Uint8Array {
  return _codec.encode({
    headers: {
      ':message-type': _str('event'),
      ':event-type': _str('PayloadPart'),
      ':content-type': _str('application/octet-stream'),
    },
    body: fromUtf8(part),
  });
}

/** A `ModelStreamError` exception event (`{"Message", "ErrorCode"}`); the SDK raises ModelStreamError. */
export function modelStreamErrorFrame(message: string, errorCode: string): Uint8Array {
  return _codec.encode({
    headers: {
      ':message-type': _str('exception'),
      ':exception-type': _str('ModelStreamError'),
      ':content-type': _str('application/json'),
    },
    body: fromUtf8(JSON.stringify({ Message: message, ErrorCode: errorCode })),
  });
}
