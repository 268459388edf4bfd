/**
 * Judge models as Targets: built with src/targets (the same SDK clients as any candidate) and retried with the
 * runner's own policy and error classification (throttles, 5xx, timeouts, stream cuts and network errors are
 * retried with full-jitter backoff; validation and access errors are not), so a busy judge does not turn into
 * judge_errors. Used by suites' judge scorers and by `evalgate calibrate`.
 */
import { cachedJudge, type JudgeCacheEnv } from '../cache/judge-cache.ts';
import type { Target } from '../core/types.ts';
import type { JudgeProvider } from '../scorers/types.ts';
import type { ClientPool } from '../targets/clients.ts';
import { createTarget } from '../targets/registry.ts';
import { CallGate } from './call-gate.ts';
import { failureKind, isRetryable } from './errors.ts';
import { estimateTokens } from './rate-limit.ts';
import { backoffDelay, type RetryPolicy, resolveRetryPolicy, sleep } from './retry.ts';

/** Judge calls in flight per judge model when the suite does not say. */
const DEFAULT_JUDGE_CONCURRENCY = 8;

/**
 * A Target that retries retryable failures with the runner's full-jitter exponential backoff; with a `gate`,
 * every attempt is admitted by it (adaptive concurrency, rate limits and throttle pacing, as for candidates).
 */
export function withRetry(target: Target, retry: Partial<RetryPolicy> = {}, gate?: CallGate): Target {
  const policy = resolveRetryPolicy(retry);
  return {
    id: target.id,
    kind: target.kind,
    modelId: target.modelId,
    async invoke(request, signal) {
      for (let attempt = 1; ; attempt++) {
        const ticket = await gate?.enter(estimateTokens(request));
        try {
          const response = await target.invoke(request, signal);
          if (ticket) gate?.leave(ticket, 'ok', response.usage?.totalTokens);
          return response;
        } catch (err) {
          const kind = failureKind(err, signal.aborted);
          if (ticket) gate?.leave(ticket, kind === 'throttle' ? 'throttle' : 'error');
          if (attempt >= policy.maxAttempts || signal.aborted || !isRetryable(kind)) throw err;
          await sleep(backoffDelay(attempt - 1, policy));
        }
      }
    },
  };
}

/**
 * A JudgeProvider over the pool's SDK clients (one Target per model, api, region and sample), retried, and behind
 * the response cache when `cache` is given (a calibration measures the judge and passes none).
 */
export function judgeProviderFor(
  clients: ClientPool,
  retry?: Partial<RetryPolicy>,
  cache?: JudgeCacheEnv,
): JudgeProvider {
  const targets = new Map<string, Target>();
  const gates = new Map<string, CallGate>();
  return (spec) => {
    // one gate per judge model, API and region: all its samples and scorers share its concurrency and quota
    const gateKey = [spec.model, spec.api ?? '', spec.region ?? ''].join('\u0000');
    let gate = gates.get(gateKey);
    if (gate === undefined) {
      gate = new CallGate({
        concurrency: spec.concurrency ?? DEFAULT_JUDGE_CONCURRENCY,
        rateLimit: spec.rateLimit,
      });
      gates.set(gateKey, gate);
    }
    const key = [spec.model, spec.api ?? '', spec.region ?? '', spec.sample ?? 0].join('\u0000');
    let target = targets.get(key);
    if (target === undefined) {
      const built = createTarget(
        {
          id: `judge#${spec.sample ?? 0}`,
          model: spec.model,
          ...(spec.api !== undefined ? { api: spec.api } : {}),
          ...(spec.region !== undefined ? { region: spec.region } : {}),
        },
        clients,
      );
      target = withRetry(built, retry, gate);
      if (cache) target = cachedJudge(target, spec.sample ?? 0, cache);
      targets.set(key, target);
    }
    return target;
  };
}
