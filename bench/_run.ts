/**
 * Runs a suite file through evalgate's runner (the full path: load, render, call through the SDK, score, store
 * into a DuckDB file), and reads back what the file holds for the run.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { loadSuite } from '../src/config/index.ts';
import { LOCAL_MODELS } from '../src/local/index.ts';
import type { RunCounts } from '../src/runner/counts.ts';
import type { ProgressSink } from '../src/runner/progress.ts';
import { runSuite } from '../src/runner/run-suite.ts';
import { openStore } from '../src/store/index.ts';
import { describeBackend } from '../src/targets/backend.ts';
import { ClientPool } from '../src/targets/clients.ts';
import { localBackend } from './_util.ts';

export interface BenchRun {
  runId: string;
  counts: RunCounts;
  /** Wall-clock ms of runSuite (suite already loaded, store already open). */
  ms: number;
}

export interface RunHooks {
  progress?: ProgressSink;
  /** Called after the run, before the store is closed (the RSS bench marks the phase). */
  beforeClose?: () => void;
}

/** Load the suite, open the store, run, close. */
export async function runSuiteFile(
  suiteFile: string,
  dbPath: string,
  endpoint: string,
  hooks: RunHooks = {},
): Promise<BenchRun> {
  const loaded = await loadSuite(suiteFile, { knownModels: new Set(LOCAL_MODELS.map((m) => m.id)) });
  const backend = localBackend(endpoint);
  const clients = new ClientPool(backend);
  const store = await openStore(dbPath);
  try {
    const t0 = performance.now();
    const { runId, counts } = await runSuite({
      loaded,
      store,
      clients,
      backendLabel: describeBackend(backend),
      ...(hooks.progress ? { progress: hooks.progress } : {}),
    });
    return { runId, counts, ms: performance.now() - t0 };
  } finally {
    hooks.beforeClose?.();
    await store.close();
    clients.destroy();
  }
}

export interface StoredTally {
  /** Rows in case_results for the run. */
  rows: number;
  /** Distinct (case, target, repeat) keys among them. */
  keys: number;
  ok: number;
  errors: number;
  /** Error rows by class. */
  errorClasses: Record<string, number>;
}

/** What the DuckDB file holds for a run (read with DuckDB directly, after the store is closed). */
export async function tallyRun(dbPath: string, runId: string): Promise<StoredTally> {
  const instance = await DuckDBInstance.create(dbPath);
  const con = await instance.connect();
  try {
    const where = 'FROM case_results WHERE run_id = $1';
    const head = await con.runAndReadAll(
      `SELECT count(*) AS n, count(DISTINCT (case_id, target_id, repeat)) AS k,
              count(*) FILTER (status = 'ok') AS ok ${where}`,
      [runId],
    );
    const [n, k, ok] = (head.getRows()[0] ?? [0, 0, 0]).map(Number) as [number, number, number];
    const classes = await con.runAndReadAll(
      `SELECT error_class, count(*) ${where} AND status = 'error' GROUP BY 1 ORDER BY 1`,
      [runId],
    );
    const errorClasses: Record<string, number> = {};
    for (const [cls, count] of classes.getRows()) errorClasses[String(cls)] = Number(count);
    return { rows: n, keys: k, ok, errors: n - ok, errorClasses };
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
