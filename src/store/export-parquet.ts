/**
 * `evalgate export --parquet DIR`: the store's tables as Parquet files for Athena (or any Parquet reader), one
 * folder per table so that an Athena table can point at `s3://…/DIR/<table>/`, and an `athena.sql` with one
 * `CREATE EXTERNAL TABLE` per table (column types mapped from DuckDB's).
 * - Whole store (no run ids): `<table>/all.parquet` — replaced on every export.
 * - Some runs: `<table>/<runId>.parquet` per run — a nightly export adds its run's files next to earlier nights'
 *   (an S3 sync accumulates them; exporting a run again replaces its files). Use one mode per destination.
 * The tables hold no secrets (results are sanitised before they are stored, src/store/sanitize.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { EvalgateError } from '../core/errors.ts';

/** Tables exported, each keyed by run_id. The response cache and calibrations stay local. */
export const EXPORT_TABLES = [
  'runs',
  'run_targets',
  'case_results',
  'scores',
  'gate_verdicts',
  'load_runs',
  'load_steps',
] as const;

export interface ParquetExport {
  dir: string;
  /** Per table: the files written and their row counts. */
  tables: { table: string; files: { path: string; rows: number }[] }[];
  ddlPath: string;
}

const _q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const _safeName = (runId: string) => runId.replace(/[^A-Za-z0-9._@-]/g, '_');

async function _count(conn: DuckDBConnection, sql: string, params: string[]): Promise<number> {
  const reader = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM (${sql})`, params);
  return Number((reader.getRowObjectsJS()[0] as { n: number }).n);
}

async function _copy(conn: DuckDBConnection, sql: string, params: string[], path: string): Promise<number> {
  const rows = await _count(conn, sql, params);
  // COPY takes no prepared parameters: the run id is inlined as a quoted literal
  const inlined = params.reduce((q, p, i) => q.replaceAll(`$${i + 1}`, _q(p)), sql);
  await conn.run(`COPY (${inlined}) TO ${_q(path)} (FORMAT PARQUET, COMPRESSION ZSTD)`);
  return rows;
}

const ATHENA_TYPES: Record<string, string> = {
  VARCHAR: 'string',
  JSON: 'string',
  INTEGER: 'int',
  BIGINT: 'bigint',
  DOUBLE: 'double',
  FLOAT: 'float',
  BOOLEAN: 'boolean',
  TIMESTAMP: 'timestamp',
  DATE: 'date',
};

async function _ddl(conn: DuckDBConnection, table: string, location: string): Promise<string> {
  const reader = await conn.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  const cols = (reader.getRowObjectsJS() as { column_name: string; data_type: string }[]).map(
    (c) => `  \`${c.column_name}\` ${ATHENA_TYPES[c.data_type] ?? 'string'}`,
  );
  return `CREATE EXTERNAL TABLE IF NOT EXISTS evalgate_${table} (\n${cols.join(',\n')}\n)\nSTORED AS PARQUET\nLOCATION '${location}/${table}/';\n`;
}

/**
 * Writes the tables (all rows, or only those of `runIds`) under `dir`. `location` is what athena.sql names as the
 * tables' S3 prefix (default `s3://YOUR-BUCKET/evalgate`).
 */
export async function exportParquet(
  conn: DuckDBConnection,
  dir: string,
  opts: { runIds?: readonly string[]; location?: string } = {},
): Promise<ParquetExport> {
  const out = resolve(dir);
  const runIds = opts.runIds ?? [];
  for (const id of runIds) {
    const known = await _count(
      conn,
      'SELECT 1 FROM runs WHERE run_id = $1 UNION ALL SELECT 1 FROM load_runs WHERE run_id = $1',
      [id],
    );
    if (known === 0) throw new EvalgateError('USAGE', `run "${id}" not found in the store`);
  }
  const tables: ParquetExport['tables'] = [];
  const ddl: string[] = [];
  for (const table of EXPORT_TABLES) {
    const folder = join(out, table);
    await mkdir(folder, { recursive: true });
    const files: { path: string; rows: number }[] = [];
    if (runIds.length === 0) {
      const path = join(folder, 'all.parquet');
      files.push({ path, rows: await _copy(conn, `SELECT * FROM ${table}`, [], path) });
    } else {
      for (const id of runIds) {
        const sql = `SELECT * FROM ${table} WHERE run_id = $1`;
        if ((await _count(conn, sql, [id])) === 0) continue;
        const path = join(folder, `${_safeName(id)}.parquet`);
        files.push({ path, rows: await _copy(conn, sql, [id], path) });
      }
    }
    tables.push({ table, files });
    ddl.push(await _ddl(conn, table, (opts.location ?? 's3://YOUR-BUCKET/evalgate').replace(/\/+$/, '')));
  }
  const ddlPath = join(out, 'athena.sql');
  await writeFile(ddlPath, `-- Athena tables over evalgate's Parquet export\n\n${ddl.join('\n')}`);
  return { dir: out, tables, ddlPath };
}
