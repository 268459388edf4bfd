import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, exact, ok, query, T0 } from './_fixtures.ts';
import { MIGRATIONS, migrate } from './migrations.ts';
import { openStore } from './store.ts';
import type { TargetMetricSummary } from './types.ts';

describe('DuckDbStore', () => {
  let dir: string;
  let file: string;
  let summary: TargetMetricSummary[];
  const batchResults: { inserted: number; skipped: number }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-store-'));
    file = join(dir, 'nested', 'evalgate.duckdb');
    await using store = await openStore(file);
    await store.beginRun({
      runId: 'run-1',
      suiteName: 'support',
      suiteFile: 'suites/support.yaml',
      suiteHash: 'abc123',
      promptVersion: '1.0.0',
      backend: 'local',
      startedAt: T0,
      config: {
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' },
        maxTokens: 200,
      },
      targets: [
        { id: 'lite', modelId: 'amazon.nova-lite-v1:0', kind: 'bedrock-converse' },
        { id: 'pro', modelId: 'amazon.nova-pro-v1:0' },
      ],
    });
    // Batch 1: lite c1..c5 with a duplicate of c1 (different output) in the same batch.
    batchResults.push(
      await store.writeBatch([
        ok('c1', 'lite', 100, 'yes', [exact(1)], 5),
        ok('c1', 'lite', 999, 'DUPLICATE', [exact(0)], 99),
        ok('c2', 'lite', 200, 'no', [exact(0)], 6),
        ok('c3', 'lite', 300, 'yes', [exact(1)], 7),
        ok('c4', 'lite', 400, 'yes', [exact(1)], 8),
        ok('c5', 'lite', 1000, 'no', [exact(0), exact(1)], 9),
      ]),
    );
    // Batch 2: c2 again (already stored) plus the pro target: 2 ok, 2 errors.
    batchResults.push(
      await store.writeBatch([
        ok('c2', 'lite', 5, 'SECOND WRITE', [exact(1)], 50),
        ok('c1', 'pro', 600, 'yes', [exact(1)]),
        ok('c2', 'pro', 800, 'yes', [exact(1)]),
        err('c3', 'pro', 'ThrottlingException'),
        err('c4', 'pro', 'ValidationException'),
      ]),
    );
    await store.finishRun('run-1', 'completed', { cases: 5, calls: 9, ok: 7, errors: 2, throttles: 1 });
    summary = await store.metricSummary('run-1');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports new vs skipped rows per batch (first write wins)', () => {
    expect(batchResults).toEqual([
      { inserted: 5, skipped: 1 },
      { inserted: 4, skipped: 1 },
    ]);
  });

  it('keeps one row per (case, target, repeat) in the file, with the first write', async () => {
    const rows = await query(
      file,
      'SELECT target_id, count(*)::INTEGER AS n FROM case_results GROUP BY 1 ORDER BY 1',
    );
    expect(rows).toEqual([
      { target_id: 'lite', n: 5 },
      { target_id: 'pro', n: 4 },
    ]);
    const c1 = await query(
      file,
      "SELECT output_text, latency_ms, output_tokens, model_id FROM case_results WHERE case_id = 'c1' AND target_id = 'lite'",
    );
    expect(c1).toEqual([
      { output_text: 'yes', latency_ms: 100, output_tokens: 5, model_id: 'amazon.nova-lite-v1:0' },
    ]);
    const c2 = await query(
      file,
      "SELECT output_text FROM case_results WHERE case_id = 'c2' AND target_id = 'lite'",
    );
    expect(c2).toEqual([{ output_text: 'no' }]);
  });

  it('keeps one score per scorer and case, from the first write', async () => {
    const rows = await query(
      file,
      `SELECT case_id, target_id, metric, value, pass, reason FROM scores
       WHERE target_id = 'lite' ORDER BY case_id`,
    );
    expect(rows.map((r) => [r.case_id, r.value, r.pass])).toEqual([
      ['c1', 1, true],
      ['c2', 0, false],
      ['c3', 1, true],
      ['c4', 1, true],
      ['c5', 0, false],
    ]);
    const perScorer = await query(file, 'SELECT metric, count(*)::INTEGER AS n FROM scores GROUP BY 1');
    expect(perScorer).toEqual([{ metric: 'exact', n: 7 }]);
  });

  it('stores error rows with class, message, attempts and no scores', async () => {
    const rows = await query(
      file,
      "SELECT case_id, status, error_class, error_message, attempts, output_text FROM case_results WHERE status = 'error' ORDER BY 1",
    );
    expect(rows).toEqual([
      {
        case_id: 'c3',
        status: 'error',
        error_class: 'ThrottlingException',
        error_message: 'ThrottlingException happened',
        attempts: 3,
        output_text: null,
      },
      {
        case_id: 'c4',
        status: 'error',
        error_class: 'ValidationException',
        error_message: 'ValidationException happened',
        attempts: 3,
        output_text: null,
      },
    ]);
  });

  it('strips credential-like keys from raw and config before writing', async () => {
    const [run] = await query(
      file,
      "SELECT config::VARCHAR AS config, status, suite_hash FROM runs WHERE run_id = 'run-1'",
    );
    expect(JSON.parse(String(run?.config))).toEqual({ region: 'us-east-1', maxTokens: 200 });
    expect(run?.status).toBe('completed');
    const [raw] = await query(
      file,
      "SELECT raw::VARCHAR AS raw FROM case_results WHERE case_id = 'c1' AND target_id = 'lite'",
    );
    expect(JSON.parse(String(raw?.raw))).toEqual({ output: 'yes', usage: { inputTokens: 10 }, headers: {} });
    const leaks = await query(
      file,
      "SELECT count(*)::INTEGER AS n FROM case_results WHERE raw::VARCHAR LIKE '%AWS4%'",
    );
    expect(leaks).toEqual([{ n: 0 }]);
  });

  it('summarises per target and metric with hand-computed figures', () => {
    const lite = summary.find((s) => s.targetId === 'lite');
    const pro = summary.find((s) => s.targetId === 'pro');
    expect(summary.map((s) => s.targetId)).toEqual(['lite', 'pro']);
    expect(lite).toMatchObject({
      modelId: 'amazon.nova-lite-v1:0',
      cases: 5,
      calls: 5,
      ok: 5,
      errors: 0,
      errorRate: 0,
    });
    // output tokens of the first writes: 5 + 6 + 7 + 8 + 9
    expect(lite?.inputTokens).toBe(50);
    expect(lite?.outputTokens).toBe(35);
    const ex = lite?.metrics.find((m) => m.metric === 'exact');
    expect(ex).toMatchObject({ n: 5, mean: 0.6, passRate: 0.6, passN: 3 + 2, min: 0, max: 1, sum: 3 });
    // latency 100, 200, 300, 400, 1000: p99 at rank 0.99 * 4 = 3.96 → 400 + 0.96 * 600 = 976
    const lat = lite?.metrics.find((m) => m.metric === 'latency_ms');
    expect(lat?.n).toBe(5);
    expect(lat?.mean).toBeCloseTo(400, 9);
    expect(lat?.p50).toBeCloseTo(300, 9);
    expect(lat?.p90).toBeCloseTo(760, 9);
    expect(lat?.p95).toBeCloseTo(880, 9);
    expect(lat?.p99).toBeCloseTo(976, 9);
    expect(lat).toMatchObject({ min: 100, max: 1000, sum: 2000, passRate: null });
    expect(lite?.metrics.map((m) => m.metric)).toEqual(['error_rate', 'exact', 'latency_ms']);

    expect(pro).toMatchObject({ cases: 4, calls: 4, ok: 2, errors: 2, errorRate: 0.5 });
    expect(pro?.errorsByClass).toEqual({ ThrottlingException: 1, ValidationException: 1 });
    expect(pro?.metrics.find((m) => m.metric === 'error_rate')).toMatchObject({ n: 4, mean: 0.5, sum: 2 });
    // latency of ok rows only: 600, 800
    expect(pro?.metrics.find((m) => m.metric === 'latency_ms')).toMatchObject({
      n: 2,
      mean: 700,
      min: 600,
      max: 800,
    });
    expect(pro?.metrics.find((m) => m.metric === 'exact')).toMatchObject({ n: 2, mean: 1, passRate: 1 });
  });

  it('reopens: migrations are a no-op, the run, keys and results read back', async () => {
    await using store = await openStore(file);
    const versions = await query(file, 'SELECT version FROM schema_migrations');
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    const run = await store.getRun('run-1');
    expect(run).toMatchObject({
      suiteName: 'support',
      promptVersion: '1.0.0',
      status: 'completed',
      startedAt: T0,
      counts: { cases: 5, calls: 9, ok: 7, errors: 2, throttles: 1 },
      targets: [
        { id: 'lite', modelId: 'amazon.nova-lite-v1:0', kind: 'bedrock-converse' },
        { id: 'pro', modelId: 'amazon.nova-pro-v1:0' },
      ],
    });
    expect(run?.finishedAt).toBeInstanceOf(Date);
    const keys = await store.completedKeys('run-1');
    expect(keys.size).toBe(9);
    expect(keys.has('c3\u0000pro\u00000')).toBe(true);
    expect(keys.has('c5\u0000pro\u00000')).toBe(false);
    const results = await store.listResults('run-1');
    expect(results.map((r) => `${r.caseId}/${r.targetId}`)).toEqual([
      'c1/lite',
      'c1/pro',
      'c2/lite',
      'c2/pro',
      'c3/lite',
      'c3/pro',
      'c4/lite',
      'c4/pro',
      'c5/lite',
    ]);
    expect(results[0]).toMatchObject({
      request: { prompt: 'Q c1', system: 'be brief' },
      vars: { question: 'Q c1' },
      expected: 'yes',
      stopReason: 'end_turn',
      inputTokens: 10,
      startedAt: T0,
    });
    expect((await store.listScores('run-1')).length).toBe(7);
  });

  it('re-running migrate on an existing file applies nothing', async () => {
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    try {
      expect(await migrate(conn, file)).toEqual([]);
      expect(MIGRATIONS.map((m) => m.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      // an evalgate that knows fewer migrations than the file has refuses, naming the file
      await expect(migrate(conn, file, [])).rejects.toThrow(/evalgate\.duckdb: schema version 8 is newer/);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
