import type { Target } from '../core/types.ts';
import type { ResponseCacheEntry } from '../store/types.ts';
import type { BatchedCacheReader } from './batched-reader.ts';
import { type CacheMode, markCached } from './cached-target.ts';
import { cacheKey } from './key.ts';

/** Where a run's judge calls are cached: the same `response_cache` as candidate calls. */
export interface JudgeCacheEnv {
  backend: string;
  region: string;
  runId: string;
  mode: CacheMode;
  /** Looks keys up in the store (undefined when nothing can hit, e.g. `refresh`). */
  reader: BatchedCacheReader | undefined;
  /** New entries, written with the run's next batch of results. */
  entries: ResponseCacheEntry[];
}

/**
 * A judge Target behind the response cache. The key is that of any call (backend, kind, model, region, the full
 * rendered judge prompt) with the judge's sample index in the repeat's place, so independent samples are never
 * each other's hits. A hit costs no call; a miss calls the judge and queues the entry.
 */
export function cachedJudge(target: Target, sample: number, env: JudgeCacheEnv): Target {
  if (env.mode === 'off') return target;
  const scope = { backend: env.backend, kind: target.kind, modelId: target.modelId, region: env.region };
  return {
    id: target.id,
    kind: target.kind,
    modelId: target.modelId,
    async invoke(request, signal) {
      const key = cacheKey({ ...scope, request, repeat: sample });
      const found = env.mode === 'use' ? await env.reader?.get(key) : undefined;
      if (found) return markCached(found.response, found.runId);
      const response = await target.invoke(request, signal);
      env.entries.push({ ...scope, key, repeat: sample, response, runId: env.runId });
      return response;
    },
  };
}
