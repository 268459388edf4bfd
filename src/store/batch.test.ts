import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../core/types.ts';
import { ok, T0 } from './_fixtures.ts';
import { isDuplicateKeyError, writeCacheRows, writeResultRows } from './batch.ts';
import { CACHE_COLUMNS, RESULT_COLUMNS, SCORE_COLUMNS } from './rows.ts';
import { type DuckDbStore, openStore } from './store.ts';
import type { ResponseCacheEntry } from './types.ts';

const onRun = (r: CaseResult, runId: string): CaseResult => ({ ...r, runId });
const score = (value: number) => [{ metric: 'exact', value, pass: value === 1 }];
const entry = (key: string, text: string): ResponseCacheEntry => ({
  backend: 'local',
  kind: 'bedrock-converse',
  modelId: 'amazon.nova-lite-v1:0',
  region: 'us-east-1',
  key,
  repeat: 0,
  response: { text, timing: { latencyMs: 1 } },
  runId: 'run-a',
});

describe('batch writes (appenders straight into the tables)', () => {
  let dir: string;
  let store: DuckDbStore;
  const rows = async (sql: string) =>
    (await store.withConnection((c) => c.runAndReadAll(sql))).getRowsJS().map((r) => r.map(String).join('|'));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-batch-'));
    store = await openStore(join(dir, 'e.duckdb'));
    for (const [runId, modelId] of [
      ['run-a', 'amazon.nova-lite-v1:0'],
      ['run-b', 'amazon.nova-pro-v1:0'],
    ] as const) {
      await store.beginRun({
        runId,
        suiteName: 's',
        suiteFile: 's.yaml',
        suiteHash: 'h',
        backend: 'local',
        startedAt: T0,
        targets: [{ id: 't', modelId }],
      });
    }
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('appends in the column order of the migrated tables', async () => {
    const columns = async (table: string) =>
      rows(`SELECT column_name FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`);
    expect(await columns('case_results')).toEqual([...RESULT_COLUMNS]);
    expect(await columns('scores')).toEqual([...SCORE_COLUMNS]);
    expect(await columns('response_cache')).toEqual([...CACHE_COLUMNS]);
  });

  it('skips keys stored before (with their scores) per run; each run takes its own model id', async () => {
    expect(await store.writeBatch([onRun(ok('c1', 't', 10, 'first', score(1)), 'run-a')])).toEqual({
      inserted: 1,
      skipped: 0,
    });
    // c1 again on run-a (stored: skipped, its score 0 dropped), c1 on run-b and c2 on run-a (new)
    const outcome = await store.writeBatch([
      onRun(ok('c1', 't', 20, 'second', score(0)), 'run-a'),
      onRun(ok('c1', 't', 30, 'other run', score(0)), 'run-b'),
      onRun(ok('c2', 't', 40, 'new', score(1)), 'run-a'),
    ]);
    expect(outcome).toEqual({ inserted: 2, skipped: 1 });
    expect(
      await rows(
        'SELECT run_id, case_id, model_id, output_text, latency_ms FROM case_results ORDER BY run_id, case_id',
      ),
    ).toEqual([
      'run-a|c1|amazon.nova-lite-v1:0|first|10',
      'run-a|c2|amazon.nova-lite-v1:0|new|40',
      'run-b|c1|amazon.nova-pro-v1:0|other run|30',
    ]);
    expect(await rows('SELECT run_id, case_id, value FROM scores ORDER BY run_id, case_id')).toEqual([
      'run-a|c1|1',
      'run-a|c2|1',
      'run-b|c1|0',
    ]);
    // JSON columns hold JSON (queryable), credentials stripped
    expect(
      await rows(`SELECT request->>'prompt', raw->'headers' FROM case_results WHERE case_id = 'c2'`),
    ).toEqual(['Q c2|{}']);
  });

  it('cache rows: a stored key is replaced (newest wins), a key twice in a batch keeps the last', async () => {
    await store.writeBatch([], [entry('k1', 'old'), entry('k2', 'kept')]);
    await store.writeBatch([], [entry('k1', 'new'), entry('k3', 'first'), entry('k3', 'last')]);
    expect(await rows(`SELECT cache_key, response->>'text' FROM response_cache ORDER BY cache_key`)).toEqual([
      'k1|new',
      'k2|kept',
      'k3|last',
    ]);
  });

  it('unchecked, a stored key fails the whole transaction with the error the store retries on', async () => {
    await store.writeBatch([onRun(ok('u1', 't', 1, 'first', score(1)), 'run-a')], [entry('ku', 'first')]);
    const attempt = (write: (c: DuckDBConnection) => Promise<unknown>) =>
      store.withConnection(async (c) => {
        await c.run('BEGIN TRANSACTION');
        try {
          await write(c);
          await c.run('COMMIT');
          return 'committed';
        } catch (err) {
          await c.run('ROLLBACK');
          return isDuplicateKeyError(err) ? 'duplicate' : String(err);
        }
      });
    const u2 = onRun(ok('u2', 't', 2, 'new', score(1)), 'run-a');
    const u1 = onRun(ok('u1', 't', 3, 'second', score(0)), 'run-a');
    expect(await attempt((c) => writeResultRows(c, [u2, u1], false))).toBe('duplicate');
    expect(await attempt((c) => writeCacheRows(c, [entry('kv', 'new'), entry('ku', 'second')], false))).toBe(
      'duplicate',
    );
    expect(await attempt((c) => writeResultRows(c, [u2], false))).toBe('committed');
    expect(isDuplicateKeyError(new Error('Conversion Error: could not convert'))).toBe(false);
    // nothing of the failed transactions was kept
    expect(
      await rows(`SELECT case_id, output_text FROM case_results WHERE case_id LIKE 'u%' ORDER BY 1`),
    ).toEqual(['u1|first', 'u2|new']);
    expect(await rows(`SELECT cache_key FROM response_cache WHERE cache_key IN ('ku', 'kv')`)).toEqual([
      'ku',
    ]);
  });
});
