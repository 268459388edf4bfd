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
import { failureKind, isRetryable } from './errors.ts';
import { backoffDelay, type RetryPolicy, resolveRetryPolicy, sleep } from './retry.ts';

/** A Target that retries retryable failures with the runner's full-jitter exponential backoff. */
export function withRetry(target: Target, retry: Partial<RetryPolicy> = {}): Target {
  const policy = resolveRetryPolicy(retry);
  return {
    id: target.id,
    kind: target.kind,
    modelId: target.modelId,
    async invoke(request, signal) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await target.invoke(request, signal);
        } catch (err) {
          const retryable = isRetryable(failureKind(err, signal.aborted));
          if (attempt >= policy.maxAttempts || signal.aborted || !retryable) throw err;
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
  return (spec) => {
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
      target = withRetry(built, retry);
      if (cache) target = cachedJudge(target, spec.sample ?? 0, cache);
      targets.set(key, target);
    }
    return target;
  };
}
