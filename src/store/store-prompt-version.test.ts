import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, T0 } from './_fixtures.ts';
import { MIGRATIONS, migrate } from './migrations.ts';
import { openStore } from './store.ts';

const LITE = 'amazon.nova-lite-v1:0';

describe("run targets' prompt version (migration 8)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-store8-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records each target with its prompt version; getRun reads them back, the run keeps the first', async () => {
    const file = join(dir, 'matrix.duckdb');
    {
      await using store = await openStore(file);
      await store.beginRun({
        runId: 'r1',
        suiteName: 'm',
        suiteFile: 'suites/m.yaml',
        suiteHash: 'h',
        promptVersion: '1.0.0',
        backend: 'local',
        startedAt: T0,
        targets: [
          { id: 'lite@1.0.0', modelId: LITE, kind: 'bedrock-converse', promptVersion: '1.0.0' },
          { id: 'lite@1.1.0', modelId: LITE, kind: 'bedrock-converse', promptVersion: '1.1.0' },
          { id: 'kb', modelId: 'knowledge-base/KB1' },
        ],
      });
      const run = await store.getRun('r1');
      expect(run?.promptVersion).toBe('1.0.0');
      expect(run?.targets).toEqual([
        { id: 'lite@1.0.0', modelId: LITE, kind: 'bedrock-converse', promptVersion: '1.0.0' },
        { id: 'lite@1.1.0', modelId: LITE, kind: 'bedrock-converse', promptVersion: '1.1.0' },
        { id: 'kb', modelId: 'knowledge-base/KB1' },
      ]);
    }
    const rows = await query(file, 'SELECT target_id, prompt_version FROM run_targets ORDER BY position');
    expect(rows).toEqual([
      { target_id: 'lite@1.0.0', prompt_version: '1.0.0' },
      { target_id: 'lite@1.1.0', prompt_version: '1.1.0' },
      { target_id: 'kb', prompt_version: null },
    ]);
  });

  it('a file made before migration 8 gains the column; its targets read back without a version', async () => {
    const file = join(dir, 'old.duckdb');
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    await migrate(
      conn,
      file,
      MIGRATIONS.filter((m) => m.version < 8),
    );
    await conn.run(
      `INSERT INTO runs VALUES ('old', 's', 's.yaml', 'h', '1', 'local', 'completed', TIMESTAMP '2025-03-01 10:00:00', NULL, NULL, NULL, NULL)`,
    );
    await conn.run(`INSERT INTO run_targets VALUES ('old', 'lite', 0, '${LITE}', 'bedrock-converse')`);
    conn.closeSync();
    instance.closeSync();
    await using old = await openStore(file);
    expect((await old.getRun('old'))?.targets).toEqual([
      { id: 'lite', modelId: LITE, kind: 'bedrock-converse' },
    ]);
  });
});
