export { BatchedCacheReader, type CachedHit } from './batched-reader.ts';
export {
  type CachedCall,
  type CacheMode,
  type CacheStore,
  markCached,
  PendingEntries,
  TargetCache,
  targetCache,
} from './cached-target.ts';
export { type CacheKeyParts, cacheKey, canonicalJson } from './key.ts';
export { cacheEnv } from './scope.ts';
