import { describe, expect, it } from 'vitest';
import type { Target } from '../core/types.ts';
import type { CacheScope } from '../store/types.ts';
import { targetCache } from './cached-target.ts';

describe('configKey in the cache scope', () => {
  it('targets that differ only by configKey look up different scopes; without one the kind is the scope', async () => {
    const asked: CacheScope[] = [];
    const store = {
      cachedResponses: async () => new Map(),
      cacheEntryCount: async (scope: CacheScope) => {
        asked.push(scope);
        return 0;
      },
    };
    const target = (configKey?: string): Target => ({
      id: 't',
      kind: 'rag-pipeline',
      modelId: 'amazon.nova-lite-v1:0',
      ...(configKey ? { configKey } : {}),
      invoke: async () => ({ timing: { latencyMs: 0 } }),
    });
    const opts = { backend: 'local', region: 'us-east-1', runId: 'r', mode: 'use' as const };
    await targetCache(store, target('a1b2c3'), opts);
    await targetCache(store, target('d4e5f6'), opts);
    await targetCache(store, target(), opts);
    expect(asked.map((s) => s.kind)).toEqual(['rag-pipeline#a1b2c3', 'rag-pipeline#d4e5f6', 'rag-pipeline']);
  });
});
