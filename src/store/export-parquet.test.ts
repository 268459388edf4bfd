import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, exact, ok, T0 } from './_fixtures.ts';
import { exportParquet } from './export-parquet.ts';
import { openStore } from './store.ts';

let dir: string;
let file: string;

async function readParquet(path: string, sql = 'SELECT * FROM p ORDER BY ALL') {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`CREATE VIEW p AS SELECT * FROM read_parquet('${path}')`);
  const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS();
  conn.closeSync();
  db.closeSync();
  return rows;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-parquet-'));
  file = join(dir, 'evalgate.duckdb');
  await using store = await openStore(file);
  for (const runId of ['run-1', 'run-2']) {
    await store.beginRun({
      runId,
      suiteName: 'support',
      suiteFile: 'suites/support.yaml',
      suiteHash: 'h',
      backend: 'local',
      startedAt: T0,
      targets: [{ id: 'lite', modelId: 'amazon.nova-lite-v1:0' }],
    });
  }
  const r1 = [ok('c1', 'lite', 100, 'yes', [exact(1)]), err('c2', 'lite', 'throttle')];
  await store.appendResults(r1);
  await store.appendResults([{ ...ok('c1', 'lite', 90, 'no', [exact(0)]), runId: 'run-2' }]);
  await store.finishRun('run-1', 'completed', { cases: 2, calls: 2, ok: 1, errors: 1 });
  await store.finishRun('run-2', 'completed', { cases: 1, calls: 1, ok: 1, errors: 0 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exportParquet', () => {
  it('writes every table whole, readable back row for row, and the Athena DDL', async () => {
    const out = join(dir, 'all');
    await using store = await openStore(file);
    const exported = await store.withConnection((c) =>
      exportParquet(c, out, { location: 's3://bucket/evals/' }),
    );
    const counts = Object.fromEntries(exported.tables.map((t) => [t.table, t.files[0]?.rows]));
    expect(counts).toMatchObject({ runs: 2, run_targets: 2, case_results: 3, scores: 2, gate_verdicts: 0 });
    const results = await readParquet(
      join(out, 'case_results/all.parquet'),
      'SELECT run_id, case_id, status, latency_ms, error_class FROM p ORDER BY ALL',
    );
    expect(results).toEqual([
      { run_id: 'run-1', case_id: 'c1', status: 'ok', latency_ms: 100, error_class: null },
      { run_id: 'run-1', case_id: 'c2', status: 'error', latency_ms: 50, error_class: 'throttle' },
      { run_id: 'run-2', case_id: 'c1', status: 'ok', latency_ms: 90, error_class: null },
    ]);
    const ddl = await readFile(exported.ddlPath, 'utf8');
    expect(ddl).toContain('CREATE EXTERNAL TABLE IF NOT EXISTS evalgate_scores (');
    expect(ddl).toContain('  `value` double,');
    expect(ddl).toContain('  `started_at` timestamp,');
    expect(ddl).toContain("LOCATION 's3://bucket/evals/case_results/';");
  });

  it('writes one file per run when runs are named, and refuses an unknown run', async () => {
    const out = join(dir, 'nightly');
    await using store = await openStore(file);
    const exported = await store.withConnection((c) => exportParquet(c, out, { runIds: ['run-2'] }));
    const scores = exported.tables.find((t) => t.table === 'scores')!;
    expect(scores.files).toEqual([{ path: join(out, 'scores/run-2.parquet'), rows: 1 }]);
    expect(
      await readParquet(join(out, 'scores/run-2.parquet'), 'SELECT run_id, metric, value FROM p'),
    ).toEqual([{ run_id: 'run-2', metric: 'exact', value: 0 }]);
    // tables without rows for the run get no file
    expect(exported.tables.find((t) => t.table === 'load_runs')!.files).toEqual([]);
    await expect(store.withConnection((c) => exportParquet(c, out, { runIds: ['nope'] }))).rejects.toThrow(
      'run "nope" not found',
    );
  });
});
