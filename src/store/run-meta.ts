/** The `runs.meta` column (migration 7): a run's provenance as JSON, written at run start, read with the run. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { toSafeJson } from './sanitize.ts';
import type { RunMeta } from './types.ts';

/** Writes the run's metadata (credential-like keys stripped, like every JSON column). */
export async function writeRunMeta(conn: DuckDBConnection, runId: string, meta: RunMeta): Promise<void> {
  await conn.run('UPDATE runs SET meta = $2::JSON WHERE run_id = $1', [runId, toSafeJson(meta)]);
}

/** The stored metadata of a `runs` row, or undefined (runs stored before migration 7, or none captured). */
export function readRunMeta(value: unknown): RunMeta | undefined {
  if (value === null || value === undefined) return undefined;
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return parsed !== null && typeof parsed === 'object' ? (parsed as RunMeta) : undefined;
}
