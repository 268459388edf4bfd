/**
 * `evalgate merge`: joins shard stores (each the DuckDB file of one `evalgate run --shard i/n`) into one run of
 * this store. Rows are copied with INSERT OR IGNORE on the tables' keys (run, case, target, repeat[, metric]),
 * so merging a shard again adds nothing; the run record's counts are the sum of the shards' counts, kept per
 * shard in `meta.shards`, so a repeated merge recounts nothing either. The merged run is completed when every
 * shard run completed. Each shard file must hold exactly one run, all of one suite file (same hash).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { EvalgateError } from '../core/errors.ts';
import { fnv1a } from '../textkit/fnv.ts';
import { toSafeJson } from './sanitize.ts';
import type { StoredRunCounts } from './types.ts';

type Row = Record<string, unknown>;

export interface MergeOptions {
  /** Id of the merged run; default: the shards' run id when they share one, else `<suite>-merged-<hash>`. */
  runId?: string;
}

export interface MergeResult {
  runId: string;
  suiteName: string;
  /** Per shard file: its run id, its shard label (`i/n`, or the file when the run has none) and rows added. */
  shards: { file: string; runId: string; label: string; results: number; scores: number }[];
  counts: StoredRunCounts;
  status: 'completed' | 'failed';
}

interface ShardRun {
  file: string;
  alias: string;
  run: Row;
  label: string;
}

const _q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const _json = (v: unknown): Record<string, unknown> =>
  v === null || v === undefined
    ? {}
    : ((typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>);

async function _rows(conn: DuckDBConnection, sql: string, params: (string | number)[] = []): Promise<Row[]> {
  return (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as Row[];
}

async function _columns(conn: DuckDBConnection, table: string): Promise<string[]> {
  const rows = await _rows(
    conn,
    `SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => String(r.column_name));
}

/** Sums counters (numbers, and maps of numbers such as errorsByClass). */
export function sumCounts(all: readonly StoredRunCounts[]): StoredRunCounts {
  const out: Record<string, unknown> = {};
  for (const counts of all) {
    for (const [k, v] of Object.entries(counts)) {
      if (typeof v === 'number') out[k] = ((out[k] as number | undefined) ?? 0) + v;
      else if (v && typeof v === 'object') {
        const into = ((out[k] as Record<string, number> | undefined) ?? {}) as Record<string, number>;
        for (const [c, n] of Object.entries(v as Record<string, number>)) into[c] = (into[c] ?? 0) + n;
        out[k] = into;
      }
    }
  }
  return out as StoredRunCounts;
}

async function _attach(conn: DuckDBConnection, files: readonly string[]): Promise<ShardRun[]> {
  const shards: ShardRun[] = [];
  for (const [i, file] of files.entries()) {
    const alias = `shard_${i}`;
    await conn.run(`ATTACH ${_q(file)} AS ${alias} (READ_ONLY)`);
    const runs = await _rows(conn, `SELECT * FROM ${alias}.runs`);
    if (runs.length !== 1) {
      throw new EvalgateError(
        'USAGE',
        `holds ${runs.length} runs; merge expects one run per shard file`,
        file,
      );
    }
    const run = runs[0]!;
    const shard = _json(run.meta).shard;
    shards.push({ file, alias, run, label: typeof shard === 'string' ? shard : file });
  }
  return shards;
}

function _check(shards: readonly ShardRun[]): void {
  const first = shards[0]!;
  for (const s of shards) {
    if (s.run.suite_name !== first.run.suite_name || s.run.suite_hash !== first.run.suite_hash) {
      throw new EvalgateError(
        'USAGE',
        `run ${String(s.run.run_id)} is of suite ${String(s.run.suite_name)} (hash ${String(s.run.suite_hash).slice(0, 12)}), not ${String(first.run.suite_name)} (hash ${String(first.run.suite_hash).slice(0, 12)}) like ${first.file}`,
        s.file,
      );
    }
  }
  const labels = shards.map((s) => s.label);
  const dup = labels.find((l, i) => labels.indexOf(l) !== i);
  if (dup) throw new EvalgateError('USAGE', `two shard files hold shard ${dup}`);
}

function _mergedId(shards: readonly ShardRun[], opts: MergeOptions): string {
  if (opts.runId) return opts.runId;
  const ids = [...new Set(shards.map((s) => String(s.run.run_id)))].sort();
  if (ids.length === 1) return ids[0]!;
  const h = fnv1a(ids.join('\n'));
  return `${String(shards[0]!.run.suite_name)}-merged-${h.toString(16).padStart(8, '0')}`;
}

async function _copy(
  conn: DuckDBConnection,
  table: string,
  shard: ShardRun,
  runId: string,
  where = 'run_id = $1',
): Promise<number> {
  const cols = await _columns(conn, table);
  const select = cols.map((c) => (c === 'run_id' ? '$2 AS run_id' : `"${c}"`)).join(', ');
  const before = Number((await _rows(conn, `SELECT count(*)::INTEGER AS n FROM ${table}`))[0]?.n ?? 0);
  await conn.run(
    `INSERT OR IGNORE INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) SELECT ${select} FROM ${shard.alias}.${table} WHERE ${where}`,
    [String(shard.run.run_id), runId],
  );
  return Number((await _rows(conn, `SELECT count(*)::INTEGER AS n FROM ${table}`))[0]?.n ?? 0) - before;
}

async function _writeRun(conn: DuckDBConnection, shards: readonly ShardRun[], runId: string) {
  const existing = (await _rows(conn, 'SELECT meta FROM runs WHERE run_id = $1', [runId]))[0];
  const perShard = { ...(_json(_json(existing?.meta).shards) as Record<string, Row>) };
  for (const s of shards) {
    perShard[s.label] = {
      runId: s.run.run_id,
      status: s.run.status,
      counts: _json(s.run.counts),
      startedAt: (s.run.started_at as Date).toISOString(),
      finishedAt: s.run.finished_at ? (s.run.finished_at as Date).toISOString() : null,
    };
  }
  const entries = Object.values(perShard);
  const counts = sumCounts(entries.map((e) => e.counts as StoredRunCounts));
  const status = entries.every((e) => e.status === 'completed') ? 'completed' : 'failed';
  const started = new Date(Math.min(...entries.map((e) => Date.parse(String(e.startedAt)))));
  const ends = entries.map((e) => (e.finishedAt ? Date.parse(String(e.finishedAt)) : Number.NaN));
  const finished = ends.some(Number.isNaN) ? null : new Date(Math.max(...ends));
  const { shard: _one, ...meta } = _json(shards[0]!.run.meta);
  const row = shards[0]!.run;
  await conn.run('DELETE FROM runs WHERE run_id = $1', [runId]);
  await conn.run(
    `INSERT INTO runs (run_id, suite_name, suite_file, suite_hash, prompt_version, backend, status, started_at, finished_at, config, counts, meta)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMP, $9::TIMESTAMP, $10::JSON, $11::JSON, $12::JSON)`,
    [
      runId,
      String(row.suite_name),
      String(row.suite_file),
      String(row.suite_hash),
      row.prompt_version === null ? null : String(row.prompt_version),
      String(row.backend),
      status,
      started.toISOString(),
      finished ? finished.toISOString() : null,
      row.config === null ? null : typeof row.config === 'string' ? row.config : JSON.stringify(row.config),
      toSafeJson(counts),
      toSafeJson({ ...meta, shards: perShard }),
    ] as (string | number)[],
  );
  return { counts, status: status as MergeResult['status'] };
}

/** Merges the shard files into `runId` (see the header). Runs in one transaction: all or nothing. */
export async function mergeShards(
  conn: DuckDBConnection,
  files: readonly string[],
  opts: MergeOptions = {},
): Promise<MergeResult> {
  if (files.length === 0) throw new EvalgateError('USAGE', 'merge needs at least one shard file');
  const shards = await _attach(conn, files);
  try {
    _check(shards);
    const runId = _mergedId(shards, opts);
    await conn.run('BEGIN TRANSACTION');
    try {
      const added: MergeResult['shards'] = [];
      for (const s of shards) {
        await _copy(conn, 'run_targets', s, runId);
        const results = await _copy(conn, 'case_results', s, runId);
        const scores = await _copy(conn, 'scores', s, runId);
        await conn.run(`INSERT OR IGNORE INTO response_cache SELECT * FROM ${s.alias}.response_cache`);
        added.push({ file: s.file, runId: String(s.run.run_id), label: s.label, results, scores });
      }
      const { counts, status } = await _writeRun(conn, shards, runId);
      await conn.run('COMMIT');
      return { runId, suiteName: String(shards[0]!.run.suite_name), shards: added, counts, status };
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    for (const s of shards) await conn.run(`DETACH ${s.alias}`).catch(() => undefined);
  }
}
