import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Score } from '../core/types.ts';
import { ok, query, T0 } from './_fixtures.ts';
import { MIGRATIONS, migrate } from './migrations.ts';
import { openStore } from './store.ts';
import type { CalibrationItemRecord, CalibrationRecord } from './types.ts';

const RUN = {
  runId: 'run-1',
  suiteName: 's',
  suiteFile: 'suites/s.yaml',
  suiteHash: 'h',
  backend: 'local',
  startedAt: T0,
  targets: [{ id: 'lite', modelId: 'amazon.nova-lite-v1:0' }],
};

const faith = (value: number, details?: Record<string, unknown>): Score => ({
  metric: 'faithfulness',
  value,
  ...(Number.isNaN(value) ? {} : { pass: value >= 0.5 }),
  reason: Number.isNaN(value) ? 'judge_error: invalid verdict after 2 attempts' : `${value}`,
  ...(details ? { details } : {}),
});

describe('score details and calibrations (migration 3)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-store3-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores Score.details as JSON without credential-like keys; NaN values stay NaN and out of summaries', async () => {
    const file = join(dir, 'details.duckdb');
    await using store = await openStore(file);
    await store.beginRun(RUN);
    const details = {
      judge: { model: 'amazon.nova-pro-v1:0', prompt: 'faithfulness@1.0.0' },
      prompt: '# Evaluation task: faithfulness',
      claims: [
        { claim: 'a', verdict: 'supported' },
        { claim: 'b', verdict: 'unsupported' },
      ],
      usage: { inputTokens: 120, outputTokens: 30 },
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x', 'x-amz-security-token': 't' },
      sessionToken: 'secret',
    };
    await store.writeBatch([
      ok('c1', 'lite', 100, 'yes', [faith(0.5, details)]),
      ok('c2', 'lite', 100, 'yes', [faith(1)]),
      ok('c3', 'lite', 100, 'yes', [faith(Number.NaN, { judgeError: true, score: Number.NaN })]),
    ]);
    const scores = await store.listScores('run-1');
    expect(scores.map((s) => s.caseId)).toEqual(['c1', 'c2', 'c3']);
    expect(scores[0]?.details).toEqual({
      judge: { model: 'amazon.nova-pro-v1:0', prompt: 'faithfulness@1.0.0' },
      prompt: '# Evaluation task: faithfulness',
      claims: [
        { claim: 'a', verdict: 'supported' },
        { claim: 'b', verdict: 'unsupported' },
      ],
      usage: { inputTokens: 120, outputTokens: 30 },
      headers: {},
    });
    expect(scores[1]?.details).toBeUndefined();
    // the value stays NaN; NaN inside details is JSON null
    expect(Number.isNaN(scores[2]?.value)).toBe(true);
    expect(scores[2]?.pass).toBeNull();
    expect(scores[2]?.details).toEqual({ judgeError: true, score: null });
    // the DuckDB CLI can reach into the JSON
    await store.close();
    const rows = await query(
      file,
      `SELECT case_id, json_array_length(details->'$.claims')::INTEGER AS claims, isnan(value) AS nan
       FROM scores ORDER BY case_id`,
    );
    expect(rows).toEqual([
      { case_id: 'c1', claims: 2, nan: false },
      { case_id: 'c2', claims: null, nan: false },
      { case_id: 'c3', claims: null, nan: true },
    ]);
    await using again = await openStore(file);
    const [lite] = await again.metricSummary('run-1');
    // mean over the two finite values: (0.5 + 1) / 2; pass rate over the two that have a pass/fail
    expect(lite?.metrics.find((m) => m.metric === 'faithfulness')).toMatchObject({
      n: 2,
      mean: 0.75,
      passRate: 1,
      passN: 2,
    });
  });

  it('upgrades a version-2 file: old scores keep null details, new ones get details', async () => {
    const file = join(dir, 'v2.duckdb');
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    expect(await migrate(conn, file, MIGRATIONS.slice(0, 2))).toEqual([1, 2]);
    await conn.run(`INSERT INTO scores VALUES ('old', 'c1', 'lite', 0, 'exact', 1, true, 'match')`);
    conn.closeSync();
    instance.closeSync();
    await using store = await openStore(file);
    const old = await store.listScores('old');
    expect(old).toEqual([
      {
        runId: 'old',
        caseId: 'c1',
        targetId: 'lite',
        repeat: 0,
        metric: 'exact',
        value: 1,
        pass: true,
        reason: 'match',
      },
    ]);
    expect(await query(file, 'SELECT max(version)::INTEGER AS v FROM schema_migrations')).toEqual([
      { v: MIGRATIONS.length },
    ]);
  });

  it('saves a calibration with its items and reads it back; saving the same id again replaces it', async () => {
    const file = join(dir, 'cal.duckdb');
    const record: CalibrationRecord = {
      calibrationId: 'cal-1',
      judgeType: 'answer-relevance',
      promptId: 'answer-relevance@1.0.0',
      judgeModel: 'amazon.nova-pro-v1:0',
      backend: 'local',
      labelsFile: 'datasets/judge-labels/relevance.jsonl',
      labelsSha256: 'ab'.repeat(32),
      n: 2,
      judgeErrors: 1,
      figures: { n: 2, judge_errors: 1, accuracy: 1, spearman: null },
      startedAt: T0,
      finishedAt: new Date(T0.getTime() + 1500),
    };
    const items: CalibrationItemRecord[] = [
      {
        itemId: 'rel-002',
        humanLabel: '4',
        judgeLabel: '4',
        judgeValue: 0.75,
        judgeScore: 4,
        agree: true,
        judgeError: false,
        reason: '4/5: fine',
        details: { judgeScore: 4, apiKey: 'x' },
      },
      {
        itemId: 'rel-001',
        humanLabel: '5',
        judgeLabel: null,
        judgeValue: Number.NaN,
        judgeScore: null,
        agree: null,
        judgeError: true,
        reason: 'judge_error: no JSON',
        details: null,
      },
    ];
    await using store = await openStore(file);
    await store.saveCalibration(record, items);
    await store.saveCalibration(record, items);
    expect(await store.getCalibration('cal-1')).toEqual(record);
    expect(await store.getCalibration('nope')).toBeUndefined();
    const back = await store.listCalibrationItems('cal-1');
    expect(back.map((i) => i.itemId)).toEqual(['rel-002', 'rel-001']);
    expect(back[0]).toEqual({ ...items[0], details: { judgeScore: 4 } });
    expect(back[1]).toMatchObject({ judgeLabel: null, judgeScore: null, agree: null, judgeError: true });
    expect(Number.isNaN(back[1]?.judgeValue)).toBe(true);
    await store.close();
    expect(
      await query(
        file,
        `SELECT count(*)::INTEGER AS n, (SELECT figures->>'$.accuracy' FROM calibrations) AS acc
         FROM calibration_items WHERE calibration_id = 'cal-1'`,
      ),
    ).toEqual([{ n: 2, acc: '1' }]);
  });
});
