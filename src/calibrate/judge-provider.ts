/**
 * The judge of a calibration: a Target built with src/targets (the same SDK clients as any candidate), wrapped in
 * a small retry for throttles and server errors so a busy judge does not turn into judge_errors. (A suite's judge
 * goes through the runner's retry, rate limits and cache instead; a calibration measures the judge, so it never
 * reads a cached verdict.)
 */
import type { Target } from '../core/types.ts';
import type { JudgeProvider } from '../scorers/types.ts';
import type { ClientPool } from '../targets/clients.ts';
import { createTarget } from '../targets/registry.ts';

export interface JudgeRetry {
  /** Attempts in all (default 5). */
  maxAttempts: number;
  /** Full-jitter backoff base and cap in ms (defaults 200 and 5000). */
  baseDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_RETRY: JudgeRetry = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };

const RETRYABLE = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'InternalServerException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'TooManyRequestsException',
]);

/** Throttles, 5xx and network failures are worth another attempt; validation and access errors are not. */
export function isRetryableJudgeError(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; code?: string } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return false;
  if (e.name !== undefined && RETRYABLE.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) return status === 429 || status >= 500;
  return e.code === 'ECONNRESET' || e.code === 'ECONNREFUSED' || e.code === 'EPIPE';
}

function _sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** A Target that retries retryable failures with full-jitter exponential backoff. */
export function withRetry(target: Target, retry: Partial<JudgeRetry> = {}): Target {
  const policy = { ...DEFAULT_RETRY, ...retry };
  return {
    id: target.id,
    kind: target.kind,
    modelId: target.modelId,
    async invoke(request, signal) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await target.invoke(request, signal);
        } catch (err) {
          if (attempt >= policy.maxAttempts || signal.aborted || !isRetryableJudgeError(err)) throw err;
          const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
          await _sleep(Math.random() * ceiling, signal);
        }
      }
    },
  };
}

/** A JudgeProvider over the pool's SDK clients (one Target per model, api, region and sample). */
export function judgeProviderFor(clients: ClientPool, retry?: Partial<JudgeRetry>): JudgeProvider {
  const targets = new Map<string, Target>();
  return (spec) => {
    const key = [spec.model, spec.api ?? '', spec.region ?? '', spec.sample ?? 0].join('\u0000');
    let t = targets.get(key);
    if (t === undefined) {
      const built = createTarget(
        {
          id: `judge#${spec.sample ?? 0}`,
          model: spec.model,
          ...(spec.api !== undefined ? { api: spec.api } : {}),
          ...(spec.region !== undefined ? { region: spec.region } : {}),
        },
        clients,
      );
      t = withRetry(built, retry);
      targets.set(key, t);
    }
    return t;
  };
}
