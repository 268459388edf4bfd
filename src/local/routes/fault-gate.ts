/**
 * Fault injection + stats for the non-text routes (embeddings, rerank, knowledge bases): one call decides a
 * request's fate exactly as the text-model routes do and answers the AWS error when it is refused.
 */
import type { FaultDecision } from '../faults.ts';
import { sendAwsError, sleep } from '../http-util.ts';
import type { RouteContext } from '../router.ts';
import { RequestValidationError } from './bedrock-parse.ts';

export type OkDecision = Extract<FaultDecision, { kind: 'ok' }>;

const _MESSAGES: Record<string, string> = {
  requests: 'Too many requests, please wait before trying again.',
  tokens: 'Too many tokens, please wait before trying again.',
  InternalServerException: 'An internal server error occurred. Retry your request.',
  ServiceUnavailableException: 'The service is temporarily unavailable. Try your request again later.',
  ModelTimeoutException: 'Model has timed out in processing the request. Try your request again.',
};

/** Answer an AWS error and count it under `statsKey`. */
export function failRequest(ctx: RouteContext, statsKey: string, name: string, message: string): void {
  ctx.state.stats.error(statsKey, name);
  if (!ctx.signal.aborted) sendAwsError(ctx.res, name, message);
}

/**
 * Ask the fault injector about one request (already counted with `stats.request`). Refused → the error is sent
 * and undefined returned; admitted → the decision (extra latency, token reservation to settle).
 */
export async function admitRequest(
  ctx: RouteContext,
  statsKey: string,
  reserveTokens: number,
): Promise<OkDecision | undefined> {
  const faults = ctx.state.faults;
  const decision = faults.decide(false, faults.config.tokensPerMinute ? reserveTokens : 0);
  if (decision.kind === 'throttle') {
    failRequest(ctx, statsKey, 'ThrottlingException', _MESSAGES[decision.quota]!);
    return undefined;
  }
  if (decision.kind === 'error') {
    failRequest(ctx, statsKey, decision.errorName, _MESSAGES[decision.errorName]!);
    return undefined;
  }
  if (decision.kind === 'timeout') {
    await sleep(decision.delayMs, ctx.signal);
    failRequest(ctx, statsKey, 'ModelTimeoutException', _MESSAGES.ModelTimeoutException!);
    return undefined;
  }
  return decision;
}

/** Wait the decision's extra latency plus `plannedMs` scaled by latencyScale; false if the client left. */
export async function simulateLatency(
  ctx: RouteContext,
  decision: OkDecision,
  plannedMs: number,
): Promise<boolean> {
  await sleep(decision.extraLatencyMs + plannedMs * ctx.state.faults.latencyScale, ctx.signal);
  return !ctx.signal.aborted;
}

/** Run `parse`; a RequestValidationError is answered ValidationException (returns undefined). */
export function parseOrFail<T>(ctx: RouteContext, statsKey: string, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (err) {
    if (err instanceof RequestValidationError) {
      failRequest(ctx, statsKey, 'ValidationException', err.message);
      return undefined;
    }
    throw err;
  }
}
