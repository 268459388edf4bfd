import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import type { TargetResponse } from '../core/types.ts';
import type { CacheScope } from './types.ts';

/** The cached responses of several keys in one query (keys without an entry are absent from the map). */
export async function readCacheEntries(
  c: DuckDBConnection,
  keys: readonly string[],
): Promise<Map<string, { response: TargetResponse; runId: string | null }>> {
  const out = new Map<string, { response: TargetResponse; runId: string | null }>();
  if (keys.length === 0) return out;
  const reader = await c.runAndReadAll(
    'SELECT cache_key, response::VARCHAR AS r, run_id FROM response_cache WHERE cache_key IN (SELECT unnest($1))',
    [listValue([...keys])],
  );
  for (const row of reader.getRowObjectsJS()) {
    out.set(String(row.cache_key), {
      response: JSON.parse(String(row.r)) as TargetResponse,
      runId: row.run_id === null ? null : String(row.run_id),
    });
  }
  return out;
}

/** How many entries a scope holds (0 lets the runner skip per-call look-ups on a fresh file). */
export async function countCacheEntries(c: DuckDBConnection, scope: CacheScope): Promise<number> {
  const reader = await c.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM response_cache WHERE backend = $1 AND target_kind = $2 AND model_id = $3`,
    [scope.backend, scope.kind, scope.modelId],
  );
  return Number(reader.getRowObjectsJS()[0]?.n ?? 0);
}

/** Which of `keys` are cached (looked up in chunks, so a 100k-call plan is a few queries). */
export async function findCachedKeys(c: DuckDBConnection, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const chunk = 5000;
  for (let i = 0; i < keys.length; i += chunk) {
    const reader = await c.runAndReadAll(
      'SELECT cache_key FROM response_cache WHERE cache_key IN (SELECT unnest($1))',
      [listValue(keys.slice(i, i + chunk))],
    );
    for (const row of reader.getRowObjectsJS()) found.add(String(row.cache_key));
  }
  return found;
}
