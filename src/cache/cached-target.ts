import type { Target, TargetRequest, TargetResponse } from '../core/types.ts';
import type { CacheScope, ResponseCacheEntry } from '../store/types.ts';
import { BatchedCacheReader, type CachedHit } from './batched-reader.ts';
import { cacheKey } from './key.ts';

/** `use`: serve hits, store misses · `refresh`: call every time and overwrite · `off`: neither read nor write. */
export type CacheMode = 'use' | 'refresh' | 'off';

/** What the cache needs of the store (DuckDbStore implements it). */
export interface CacheStore {
  cachedResponses(keys: string[]): Promise<Map<string, CachedHit>>;
  cacheEntryCount(scope: CacheScope): Promise<number>;
}

/**
 * One call's view of a target. On a hit, `target` answers with the stored response (send it past the runner's
 * admission gate: no quota is used); on a miss it calls the model and keeps `entry` for the cache.
 */
export interface CachedCall {
  hit: boolean;
  target: Target;
  /** The request, rendered once for the key; rethrows the template error when rendering failed. */
  render: () => TargetRequest;
  /** Set after a successful model call: what to write to the cache with the call's result. */
  entry?: ResponseCacheEntry;
}

/** A response served from the cache: same text, usage and timing as recorded, `raw.cached = true`. */
export function markCached(response: TargetResponse, fromRun: string | null): TargetResponse {
  const raw = response.raw;
  const marks = { cached: true, ...(fromRun ? { cachedFromRun: fromRun } : {}) };
  const markedRaw =
    raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw, ...marks } : { ...marks, raw };
  return { ...response, raw: markedRaw };
}

/** The response cache of one target in one run. Build it with `targetCache`. */
export class TargetCache {
  hits = 0;

  constructor(
    private readonly target: Target,
    private readonly scope: CacheScope & { region: string },
    private readonly runId: string,
    private readonly mode: Exclude<CacheMode, 'off'>,
    /** Undefined when the file holds no entry for this scope: every call is a miss, no look-up needed. */
    private readonly reader: BatchedCacheReader | undefined,
  ) {}

  /** Renders the request, computes its key and (in `use` mode) looks it up. */
  async lookup(repeat: number, render: () => TargetRequest): Promise<CachedCall> {
    const inner = this.target;
    let request: TargetRequest;
    try {
      request = render();
    } catch {
      return { hit: false, target: inner, render }; // the runner renders again and stores the template error
    }
    const key = cacheKey({ ...this.scope, request, repeat });
    const ids = { id: inner.id, kind: inner.kind, modelId: inner.modelId };
    if (this.mode === 'use' && this.reader) {
      const found = await this.reader.get(key);
      if (found) {
        this.hits++;
        const response = markCached(found.response, found.runId);
        return { hit: true, render: () => request, target: { ...ids, invoke: async () => response } };
      }
    }
    const call: CachedCall = { hit: false, render: () => request, target: inner };
    call.target = {
      ...ids,
      invoke: async (req, signal) => {
        const response = await inner.invoke(req, signal);
        call.entry = { ...this.scope, key, repeat, response, runId: this.runId };
        return response;
      },
    };
    return call;
  }
}

/** The target's cache for a run, or undefined when the cache is off. */
export async function targetCache(
  store: CacheStore,
  target: Target,
  opts: { backend: string; region: string; runId: string; mode: CacheMode },
): Promise<TargetCache | undefined> {
  if (opts.mode === 'off') return undefined;
  // a target's configKey (RAG configuration, guardrail version) separates its answers from its siblings'
  const kind = target.configKey ? `${target.kind}#${target.configKey}` : target.kind;
  const scope = { backend: opts.backend, kind, modelId: target.modelId, region: opts.region };
  const lookups = opts.mode === 'use' && (await store.cacheEntryCount(scope)) > 0;
  const reader = lookups ? new BatchedCacheReader((keys) => store.cachedResponses(keys)) : undefined;
  return new TargetCache(target, scope, opts.runId, opts.mode, reader);
}

/** Cache entries waiting for their result's batch, so both are written in one transaction. */
export class PendingEntries<R extends object> {
  private readonly byResult = new WeakMap<R, ResponseCacheEntry>();

  /** Remember the call's entry when the result is ok and came from a model call (not from the cache). */
  attach(result: R, call: CachedCall | undefined, ok: boolean): void {
    if (ok && call?.entry && !call.hit) this.byResult.set(result, call.entry);
  }

  /** The entries of a batch's results. */
  take(batch: readonly R[]): ResponseCacheEntry[] {
    const out: ResponseCacheEntry[] = [];
    for (const r of batch) {
      const e = this.byResult.get(r);
      if (e) out.push(e);
    }
    return out;
  }
}
