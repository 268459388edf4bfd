import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import type { TargetResponse } from '../core/types.ts';
import { toTimestamp } from './rows.ts';
import { toSafeJson } from './sanitize.ts';
import type { CacheScope, ResponseCacheEntry } from './types.ts';

/** Connection-local staging table for cache entries (appended, then upserted into `response_cache`). */
export const CACHE_STAGING_DDL = `
CREATE OR REPLACE TEMP TABLE stage_cache (
  cache_key VARCHAR, backend VARCHAR, target_kind VARCHAR, model_id VARCHAR, region VARCHAR, repeat INTEGER,
  response VARCHAR, run_id VARCHAR, created_at TIMESTAMP);`;

/**
 * Upserts cache entries (call inside a transaction): the newest response for a key wins, so `--refresh-cache`
 * replaces what a key held. Entries repeated within the batch keep the last one.
 */
export async function writeCacheEntries(
  c: DuckDBConnection,
  entries: readonly ResponseCacheEntry[],
  now = new Date(),
): Promise<void> {
  if (entries.length === 0) return;
  const byKey = new Map(entries.map((e) => [e.key, e]));
  await c.run(CACHE_STAGING_DDL); // re-created, not emptied (see batch.ts)
  const a = await c.createAppender('stage_cache', 'main', 'temp');
  try {
    for (const e of byKey.values()) {
      a.appendVarchar(e.key);
      a.appendVarchar(e.backend);
      a.appendVarchar(e.kind);
      a.appendVarchar(e.modelId);
      a.appendVarchar(e.region);
      a.appendInteger(e.repeat);
      a.appendVarchar(toSafeJson(e.response) ?? 'null');
      if (e.runId === undefined) a.appendNull();
      else a.appendVarchar(e.runId);
      a.appendTimestamp(toTimestamp(now));
      a.endRow();
    }
  } finally {
    a.closeSync();
  }
  await c.run(`INSERT OR REPLACE INTO response_cache
    SELECT cache_key, backend, target_kind, model_id, region, repeat, response::JSON, run_id, created_at
    FROM stage_cache`);
}

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
