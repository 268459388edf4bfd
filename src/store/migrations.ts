import type { DuckDBConnection } from '@duckdb/node-api';
import { EvalgateError } from '../core/errors.ts';

/**
 * Ordered schema migrations. Each runs once, in its own transaction, and is recorded in `schema_migrations`.
 * Never edit a released migration: append a new one. Column types are plain (VARCHAR, JSON, DOUBLE, INTEGER,
 * BOOLEAN, TIMESTAMP in UTC) so the DuckDB CLI can query trends across runs directly.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, run targets, case results, scores, gate verdicts',
    sql: `
CREATE TABLE runs (
  run_id VARCHAR PRIMARY KEY,
  suite_name VARCHAR NOT NULL,
  suite_file VARCHAR NOT NULL,
  suite_hash VARCHAR NOT NULL,
  prompt_version VARCHAR,
  backend VARCHAR NOT NULL,
  status VARCHAR NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  config JSON,
  counts JSON
);
CREATE TABLE run_targets (
  run_id VARCHAR NOT NULL,
  target_id VARCHAR NOT NULL,
  position INTEGER NOT NULL,
  model_id VARCHAR NOT NULL,
  kind VARCHAR,
  PRIMARY KEY (run_id, target_id)
);
CREATE TABLE case_results (
  run_id VARCHAR NOT NULL,
  case_id VARCHAR NOT NULL,
  target_id VARCHAR NOT NULL,
  repeat INTEGER NOT NULL,
  model_id VARCHAR,
  status VARCHAR NOT NULL CHECK (status IN ('ok', 'error')),
  output_text VARCHAR,
  request JSON,
  vars JSON,
  expected VARCHAR,
  error_class VARCHAR,
  error_message VARCHAR,
  attempts INTEGER,
  latency_ms DOUBLE,
  ttft_ms DOUBLE,
  input_tokens INTEGER,
  output_tokens INTEGER,
  stop_reason VARCHAR,
  raw JSON,
  started_at TIMESTAMP NOT NULL,
  PRIMARY KEY (run_id, case_id, target_id, repeat)
);
CREATE TABLE scores (
  run_id VARCHAR NOT NULL,
  case_id VARCHAR NOT NULL,
  target_id VARCHAR NOT NULL,
  repeat INTEGER NOT NULL,
  metric VARCHAR NOT NULL,
  value DOUBLE,
  pass BOOLEAN,
  reason VARCHAR,
  PRIMARY KEY (run_id, case_id, target_id, repeat, metric)
);
CREATE TABLE gate_verdicts (
  run_id VARCHAR NOT NULL,
  decided_at TIMESTAMP NOT NULL,
  decision VARCHAR NOT NULL,
  verdict JSON NOT NULL
);`,
  },
  {
    version: 2,
    name: 'response cache',
    sql: `
CREATE TABLE response_cache (
  cache_key VARCHAR PRIMARY KEY,
  backend VARCHAR NOT NULL,
  target_kind VARCHAR NOT NULL,
  model_id VARCHAR NOT NULL,
  region VARCHAR,
  repeat INTEGER NOT NULL,
  response JSON NOT NULL,
  run_id VARCHAR,
  created_at TIMESTAMP NOT NULL
);`,
  },
  {
    version: 3,
    name: 'score details, judge calibrations',
    sql: `
ALTER TABLE scores ADD COLUMN details JSON;
CREATE TABLE calibrations (
  calibration_id VARCHAR PRIMARY KEY,
  judge_type VARCHAR NOT NULL,
  prompt_id VARCHAR NOT NULL,
  judge_model VARCHAR NOT NULL,
  backend VARCHAR,
  labels_file VARCHAR NOT NULL,
  labels_sha256 VARCHAR NOT NULL,
  n INTEGER NOT NULL,
  judge_errors INTEGER NOT NULL,
  figures JSON NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL
);
CREATE TABLE calibration_items (
  calibration_id VARCHAR NOT NULL,
  item_id VARCHAR NOT NULL,
  position INTEGER NOT NULL,
  human_label VARCHAR NOT NULL,
  judge_label VARCHAR,
  judge_value DOUBLE,
  judge_score DOUBLE,
  agree BOOLEAN,
  judge_error BOOLEAN NOT NULL,
  reason VARCHAR,
  details JSON,
  PRIMARY KEY (calibration_id, item_id)
);`,
  },
  {
    version: 4,
    name: 'retrieved passages and citations of a result',
    sql: `
ALTER TABLE case_results ADD COLUMN retrieved JSON;
ALTER TABLE case_results ADD COLUMN citations JSON;`,
  },
  {
    version: 5,
    name: 'guardrail decision of a result',
    sql: `
ALTER TABLE case_results ADD COLUMN guardrail JSON;`,
  },
  {
    version: 6,
    name: 'load runs and their steps',
    sql: `
CREATE TABLE load_runs (
  run_id VARCHAR PRIMARY KEY,
  profile_name VARCHAR NOT NULL,
  profile_file VARCHAR NOT NULL,
  target_kind VARCHAR NOT NULL,
  target_id VARCHAR NOT NULL,
  target_url VARCHAR,
  backend VARCHAR,
  slo_p99_ms DOUBLE,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  requests INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  error_rate DOUBLE NOT NULL,
  p99_ms DOUBLE,
  knee_step VARCHAR,
  counts JSON NOT NULL,
  errors_by_class JSON NOT NULL,
  figures JSON NOT NULL
);
CREATE TABLE load_steps (
  run_id VARCHAR NOT NULL,
  position INTEGER NOT NULL,
  label VARCHAR NOT NULL,
  mode VARCHAR NOT NULL,
  concurrency INTEGER,
  rate_per_sec DOUBLE,
  spec JSON NOT NULL,
  elapsed_ms DOUBLE NOT NULL,
  requests INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  throttled INTEGER NOT NULL,
  timeouts INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  requests_per_sec DOUBLE NOT NULL,
  ok_per_sec DOUBLE NOT NULL,
  p50_ms DOUBLE,
  p99_ms DOUBLE,
  errors_by_class JSON NOT NULL,
  figures JSON NOT NULL,
  latency_hist VARCHAR NOT NULL,
  ttft_hist VARCHAR,
  itl_hist VARCHAR,
  tpot_hist VARCHAR,
  PRIMARY KEY (run_id, position)
);`,
  },
  {
    version: 7,
    name: 'run metadata (git commit, versions)',
    sql: `
ALTER TABLE runs ADD COLUMN meta JSON;`,
  },
  {
    version: 8,
    name: 'prompt version of each run target (prompts x models matrix)',
    sql: `
ALTER TABLE run_targets ADD COLUMN prompt_version VARCHAR;`,
  },
];

/** Applies the migrations the file has not seen yet; returns the versions applied (empty when up to date). */
export async function migrate(
  conn: DuckDBConnection,
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  await conn.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP NOT NULL)',
  );
  const reader = await conn.runAndReadAll('SELECT version FROM schema_migrations');
  const done = new Set(reader.getRowObjectsJS().map((r) => Number(r.version)));
  const newest = Math.max(0, ...done);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new EvalgateError(
      'STORE',
      `schema version ${newest} is newer than this evalgate knows (${known}); upgrade evalgate`,
      file,
    );
  }
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(m.sql);
      await conn.run('INSERT INTO schema_migrations VALUES ($1, $2, current_timestamp::TIMESTAMP)', [
        m.version,
        m.name,
      ]);
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK');
      throw new EvalgateError(
        'STORE',
        `migration ${m.version} (${m.name}) failed: ${(err as Error).message}`,
        file,
      );
    }
    applied.push(m.version);
  }
  return applied;
}
