import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, exact, ok } from './_fixtures.ts';
import { MIGRATIONS, migrate } from './migrations.ts';
import { type DuckDbStore, openStore } from './store.ts';

describe('reportRows and run metadata', () => {
  let dir: string;
  let store: DuckDbStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-report-rows-'));
    store = await openStore(join(dir, 'e.duckdb'));
    await store.beginRun({
      runId: 'run-1',
      suiteName: 's',
      suiteFile: 'suites/s.yaml',
      suiteHash: 'h',
      backend: 'local',
      // suite order: b before a, so the report's order is by position, not by name
      targets: [
        { id: 'b', modelId: 'm-b' },
        { id: 'a', modelId: 'm-a' },
      ],
      meta: {
        git: { commit: 'f'.repeat(40), dirty: false },
        evalgateVersion: '0.1.0',
        nodeVersion: 'v20.0.0',
      },
    });
    const odd = ok('c2', 'a', 7.5, 'x', [
      { metric: 'judge', value: Number.NaN, reason: 'judge failed' },
      { metric: 'ratio', value: Number.POSITIVE_INFINITY },
      { metric: 'rubric', value: 0.5, details: { judge: 'rubric', usage: { inputTokens: 3 } } },
    ]);
    await store.appendResults([
      ok('c1', 'a', 12.25, 'hello <b>', [exact(1)]),
      ok('c1', 'b', 30, 'bye', [exact(0)]),
      odd,
      err('c2', 'b', 'ThrottlingException'),
    ]);
  });

  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the same results and scores as listResults/listScores, without request and raw', async () => {
    const { results, scores } = await store.reportRows('run-1');
    const listed = await store.listResults('run-1');
    expect(results.map((r) => `${r.caseId}/${r.targetId}`)).toEqual(['c1/b', 'c1/a', 'c2/b', 'c2/a']);
    expect(results).toEqual(listed.map((r) => ({ ...r, request: null, raw: null })));
    const listedScores = await store.listScores('run-1');
    expect(scores).toEqual(listedScores);
    expect(scores.find((s) => s.metric === 'judge')?.value).toBeNaN();
    expect(scores.find((s) => s.metric === 'ratio')?.value).toBe(Number.POSITIVE_INFINITY);
    expect(scores.find((s) => s.metric === 'rubric')?.details).toEqual({
      judge: 'rubric',
      usage: { inputTokens: 3 },
    });
  });

  it('is empty for an unknown run', async () => {
    expect(await store.reportRows('nope')).toEqual({ results: [], scores: [] });
  });

  it('keeps the run metadata with the run', async () => {
    const run = await store.getRun('run-1');
    expect(run?.meta).toEqual({
      git: { commit: 'f'.repeat(40), dirty: false },
      evalgateVersion: '0.1.0',
      nodeVersion: 'v20.0.0',
    });
  });

  it('migrates a file made before migration 7: its runs read back without metadata', async () => {
    const file = join(dir, 'old.duckdb');
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    await migrate(
      conn,
      file,
      MIGRATIONS.filter((m) => m.version < 7),
    );
    await conn.run(
      `INSERT INTO runs VALUES ('old', 's', 's.yaml', 'h', NULL, 'local', 'completed', TIMESTAMP '2025-03-01 10:00:00', NULL, NULL, NULL)`,
    );
    conn.closeSync();
    instance.closeSync();
    await using old = await openStore(file);
    const run = await old.getRun('old');
    expect(run?.suiteName).toBe('s');
    expect(run && 'meta' in run).toBe(false);
  });
});
