import { type DuckDBAppender, type DuckDBConnection, listValue } from '@duckdb/node-api';
import type { CaseResult } from '../core/types.ts';
import { appendCacheRow, appendResultRow, appendScoreRows, resultKey, toTimestamp } from './rows.ts';
import type { ResponseCacheEntry } from './types.ts';

/**
 * Options of the store's DuckDB instance. Storage format v1.5.0 (the bundled engine's; DuckDB's default
 * writes the v0.10.2 format): with the old format each automatic checkpoint re-compressed the tables' partly
 * filled row groups, and RSS peaked 50-60 MB above the steady state at every checkpoint of a 100,000-case
 * run. Files in this format need DuckDB 1.5 or newer to open; files made before keep working.
 */
export const DUCKDB_OPTIONS: Record<string, string> = { storage_compatibility_version: 'v1.5.0' };

/**
 * Writes one de-duplicated batch (call inside a transaction) straight into `case_results` and `scores` through
 * DuckDB appenders (model id from `run_targets`); returns how many results were inserted.
 *
 * `checked` drops results whose key is already stored, with their scores (first write wins). Unchecked, every
 * result is appended and a stored key fails the transaction with the primary key's error
 * (`isDuplicateKeyError`): the store writes unchecked first and repeats a failed batch checked, because the
 * check scans the run's stored keys — over a 100,000-case run, 2,000 scans of a growing table that also kept
 * their blocks in memory.
 *
 * No staging tables: appending into TEMP tables and INSERT … SELECT from them kept ~25 MB more native
 * memory over a 100,000-case run and took twice as long (bench/rss.ts).
 */
export async function writeResultRows(
  c: DuckDBConnection,
  batch: readonly CaseResult[],
  checked = true,
): Promise<number> {
  const fresh: CaseResult[] = [];
  const models = new Map<string, string>();
  for (const [runId, results] of _byRun(batch)) {
    const stored = checked ? await _storedKeys(c, runId, results) : new Set<string>();
    for (const r of results) if (!stored.has(resultKey(r.caseId, r.targetId, r.repeat))) fresh.push(r);
    const targets = await c.runAndReadAll('SELECT target_id, model_id FROM run_targets WHERE run_id = $1', [
      runId,
    ]);
    for (const [t, m] of targets.getRowsJS()) models.set(`${runId}\u0000${t}`, String(m));
  }
  if (fresh.length === 0) return 0;
  await _append(c, 'case_results', (a) => {
    for (const r of fresh) appendResultRow(a, r, models.get(`${r.runId}\u0000${r.targetId}`) ?? null);
  });
  await _append(c, 'scores', (a) => {
    for (const r of fresh) appendScoreRows(a, r);
  });
  return fresh.length;
}

/**
 * Upserts response-cache entries (call inside a transaction): the newest response for a key wins, so
 * `--refresh-cache` replaces what a key held; entries repeated within the batch keep the last one. Unchecked
 * (`checked` false), a key already held fails the transaction with the primary key's error, as in
 * `writeResultRows`.
 */
export async function writeCacheRows(
  c: DuckDBConnection,
  entries: readonly ResponseCacheEntry[],
  checked = true,
  now = new Date(),
): Promise<void> {
  if (entries.length === 0) return;
  const byKey = new Map(entries.map((e) => [e.key, e]));
  if (checked) {
    const keys = listValue([...byKey.keys()]);
    const held = await c.runAndReadAll(
      'SELECT count(*)::INTEGER FROM response_cache WHERE cache_key IN (SELECT unnest($1))',
      [keys],
    );
    if (Number(held.getRowsJS()[0]?.[0] ?? 0) > 0)
      await c.run('DELETE FROM response_cache WHERE cache_key IN (SELECT unnest($1))', [keys]);
  }
  const created = toTimestamp(now);
  await _append(c, 'response_cache', (a) => {
    for (const e of byKey.values()) appendCacheRow(a, e, created);
  });
}

/** True for DuckDB's error on a key a PRIMARY KEY already holds (an appender's or a commit's). */
export function isDuplicateKeyError(err: unknown): boolean {
  return /duplicate key|PRIMARY KEY or UNIQUE constraint/i.test(String((err as Error)?.message ?? err));
}

function _byRun(batch: readonly CaseResult[]): Map<string, CaseResult[]> {
  const out = new Map<string, CaseResult[]>();
  for (const r of batch) {
    const list = out.get(r.runId);
    if (list) list.push(r);
    else out.set(r.runId, [r]);
  }
  return out;
}

/** Keys (`resultKey`) of `results` already stored for the run, in one query. */
async function _storedKeys(
  c: DuckDBConnection,
  runId: string,
  results: readonly CaseResult[],
): Promise<Set<string>> {
  const caseIds = listValue([...new Set(results.map((r) => r.caseId))]);
  const found = await c.runAndReadAll(
    `SELECT case_id, target_id, repeat FROM case_results
     WHERE run_id = $1 AND case_id IN (SELECT unnest($2))`,
    [runId, caseIds],
  );
  return new Set(found.getRowsJS().map(([cs, t, rep]) => resultKey(String(cs), String(t), Number(rep))));
}

/** Appends rows to a table and flushes them into the current transaction. */
async function _append(c: DuckDBConnection, table: string, fill: (a: DuckDBAppender) => void): Promise<void> {
  const a = await c.createAppender(table);
  try {
    fill(a);
    a.flushSync();
  } catch (err) {
    // drop what is buffered, so closing does not try to flush it again
    for (const done of [() => a.clear(), () => a.closeSync()]) {
      try {
        done();
      } catch {}
    }
    throw err;
  }
  a.closeSync();
}
