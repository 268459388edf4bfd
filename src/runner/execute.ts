import { EvalgateError } from '../core/errors.ts';
import type {
  CaseResult,
  EvalCase,
  Score,
  ScoreContext,
  Scorer,
  Target,
  TargetRequest,
  TargetResponse,
} from '../core/types.ts';
import type { CallGate } from './call-gate.ts';
import { classifyError, type FailureKind, failureKind, isRetryable } from './errors.ts';
import { estimateTokens } from './rate-limit.ts';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy, sleep } from './retry.ts';

/** One failed attempt, as the run's counters and the progress line see it. */
export interface AttemptError {
  errorClass: string;
  kind: FailureKind;
  /** 1-based number of the attempt that failed. */
  attempt: number;
  /** Whether the runner will try again. */
  retrying: boolean;
}

export interface ExecuteDeps {
  runId: string;
  target: Target;
  scorers: readonly Scorer[];
  /** Per attempt. */
  timeoutMs: number;
  scoreContext: ScoreContext;
  /** Called when a scorer throws: the case keeps its other scores, the failure is reported, not hidden. */
  onScorerError?: (scorer: Scorer, evalCase: EvalCase, err: unknown) => void;
  /** Retry policy (default: 6 attempts, 100 ms base, 20 s cap). */
  retry?: RetryPolicy;
  /** The target's admission gate (adaptive concurrency, rate limits, pacing); none = send at once. */
  gate?: CallGate;
  /** Told about every failed attempt, retried or final. */
  onAttemptError?: (info: AttemptError) => void;
  /** Jitter source (tests inject a seeded one). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Renders and sends one request, retrying retryable failures (throttles, 5xx, timeouts, stream cuts, network
 * errors) with full-jitter backoff up to `retry.maxAttempts`, then scores the response. Never throws: the final
 * failure becomes an error result with its class and the number of attempts made.
 */
export async function executeCall(
  evalCase: EvalCase,
  repeat: number,
  render: () => TargetRequest,
  deps: ExecuteDeps,
): Promise<CaseResult> {
  const startedAt = new Date();
  const started = performance.now();
  const base = {
    runId: deps.runId,
    caseId: evalCase.id,
    targetId: deps.target.id,
    repeat,
    request: { prompt: '' } as TargetRequest,
    vars: evalCase.vars,
    expected: evalCase.expected,
    startedAt,
  };
  try {
    base.request = render();
  } catch (err) {
    const errorMessage = String((err as Error)?.message ?? err).replace(/\s*\n\s*/g, ' ');
    return {
      ...base,
      outcome: { status: 'error', errorClass: 'TemplateError', errorMessage, latencyMs: 0, attempts: 0 },
    };
  }
  const policy = deps.retry ?? DEFAULT_RETRY;
  const estimate = deps.gate?.rateLimiter.limited ? estimateTokens(base.request) : 0;
  for (let attempt = 1; ; attempt++) {
    const ticket = deps.gate ? await deps.gate.enter(estimate) : undefined;
    const sent = await _attempt(deps.target, base.request, deps.timeoutMs);
    if (sent.ok) {
      if (ticket) deps.gate?.leave(ticket, 'ok', sent.response.usage?.totalTokens);
      const scores = await _score(evalCase, sent.response, deps);
      return { ...base, outcome: { status: 'ok', response: sent.response, scores } };
    }
    const kind = failureKind(sent.error, sent.timedOut);
    if (ticket) deps.gate?.leave(ticket, kind === 'throttle' ? 'throttle' : 'error');
    const classified = classifyError(sent.error, sent.timedOut, attempt);
    if (sent.timedOut) classified.errorMessage = `no response within timeoutMs ${deps.timeoutMs}`;
    else classified.errorMessage = _withCase(sent.error, evalCase.id, classified.errorMessage);
    const retrying = isRetryable(kind) && attempt < policy.maxAttempts;
    deps.onAttemptError?.({ errorClass: classified.errorClass, kind, attempt, retrying });
    if (!retrying) {
      return {
        ...base,
        outcome: { status: 'error', ...classified, latencyMs: performance.now() - started },
      };
    }
    await (deps.sleep ?? sleep)(backoffDelay(attempt - 1, policy, deps.random));
  }
}

/** A target's own EvalgateError (`where` = `target "X"`) names the case too: `target "X", case Y: …`. */
function _withCase(err: unknown, caseId: string, message: string): string {
  const where = err instanceof EvalgateError ? err.where : undefined;
  if (!where?.startsWith('target ') || !message.startsWith(`${where}: `)) return message;
  return `${where}, case ${caseId}: ${message.slice(where.length + 2)}`;
}

type _Sent = { ok: true; response: TargetResponse } | { ok: false; error: unknown; timedOut: boolean };

/** One attempt under its own timeout; the timer is cleared as soon as the attempt ends. */
async function _attempt(target: Target, request: TargetRequest, timeoutMs: number): Promise<_Sent> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    return { ok: true, response: await target.invoke(request, controller.signal) };
  } catch (error) {
    return { ok: false, error, timedOut: controller.signal.aborted };
  } finally {
    clearTimeout(timer);
  }
}

async function _score(evalCase: EvalCase, response: TargetResponse, deps: ExecuteDeps): Promise<Score[]> {
  const scores: Score[] = [];
  for (const scorer of deps.scorers) {
    try {
      scores.push(...(await scorer.score(evalCase, response, deps.scoreContext)));
    } catch (err) {
      deps.onScorerError?.(scorer, evalCase, err);
    }
  }
  return scores;
}
