import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, exact, ok, T0 } from './_fixtures.ts';
import { mergeShards, sumCounts } from './merge.ts';
import { openStore } from './store.ts';

let dir: string;

async function shardStore(
  file: string,
  label: string,
  runId: string,
  results: ReturnType<typeof ok>[],
  hash = 'h',
) {
  await using store = await openStore(file);
  await store.beginRun({
    runId,
    suiteName: 'support',
    suiteFile: 'suites/support.yaml',
    suiteHash: hash,
    backend: 'local',
    startedAt: T0,
    targets: [{ id: 'lite', modelId: 'amazon.nova-lite-v1:0' }],
    meta: { shard: label, nodeVersion: 'v20' },
  });
  await store.appendResults(results.map((r) => ({ ...r, runId })));
  const errors = results.filter((r) => r.outcome.status === 'error').length;
  await store.finishRun(runId, 'completed', {
    cases: results.length,
    calls: results.length,
    ok: results.length - errors,
    errors,
    errorsByClass: errors ? { throttle: errors } : {},
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-merge-'));
  await shardStore(join(dir, 's1.duckdb'), '1/2', 'run-a', [
    ok('c1', 'lite', 100, 'yes', [exact(1)]),
    err('c3', 'lite', 'throttle'),
  ]);
  await shardStore(join(dir, 's2.duckdb'), '2/2', 'run-b', [ok('c2', 'lite', 80, 'no', [exact(0)])]);
  await shardStore(join(dir, 'other.duckdb'), '2/2', 'run-c', [ok('c2', 'lite', 80, 'no', [exact(0)])], 'h2');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mergeShards', () => {
  it('sums counters, maps included', () => {
    expect(
      sumCounts([
        { cases: 2, errors: 1, errorsByClass: { throttle: 1 } },
        { cases: 1, errors: 2, errorsByClass: { throttle: 1, timeout: 1 } },
      ]),
    ).toEqual({ cases: 3, errors: 3, errorsByClass: { throttle: 2, timeout: 1 } });
  });

  it('joins the shards into one run, and merging again adds nothing', async () => {
    await using store = await openStore(join(dir, 'merged.duckdb'));
    const files = [join(dir, 's1.duckdb'), join(dir, 's2.duckdb')];
    const first = await store.withConnection((c) => mergeShards(c, files, { runId: 'nightly' }));
    expect(first.shards.map((s) => [s.label, s.results, s.scores])).toEqual([
      ['1/2', 2, 1],
      ['2/2', 1, 1],
    ]);
    expect(first).toMatchObject({ runId: 'nightly', status: 'completed', suiteName: 'support' });
    expect(first.counts).toEqual({ cases: 3, calls: 3, ok: 2, errors: 1, errorsByClass: { throttle: 1 } });
    const again = await store.withConnection((c) => mergeShards(c, files, { runId: 'nightly' }));
    expect(again.shards.map((s) => s.results + s.scores)).toEqual([0, 0]);
    expect(again.counts).toEqual(first.counts);

    const run = await store.getRun('nightly');
    expect(run).toMatchObject({ status: 'completed', suiteName: 'support', counts: first.counts });
    expect(run?.meta?.shard).toBeUndefined();
    expect(Object.keys(run?.meta?.shards ?? {})).toEqual(['1/2', '2/2']);
    const rows = (await store.listResults('nightly')).map((r) => [r.caseId, r.status, r.outputText]);
    expect(rows.sort()).toEqual([
      ['c1', 'ok', 'yes'],
      ['c2', 'ok', 'no'],
      ['c3', 'error', null],
    ]);
    expect((await store.listScores('nightly')).map((s) => [s.caseId, s.value]).sort()).toEqual([
      ['c1', 1],
      ['c2', 0],
    ]);
  });

  it('refuses shards of another suite file, or two files of one shard, and writes nothing', async () => {
    await using store = await openStore(join(dir, 'refused.duckdb'));
    await expect(
      store.withConnection((c) => mergeShards(c, [join(dir, 's1.duckdb'), join(dir, 'other.duckdb')])),
    ).rejects.toThrow(/other\.duckdb: run run-c is of suite support \(hash h2\), not support \(hash h\)/);
    await expect(
      store.withConnection((c) => mergeShards(c, [join(dir, 's2.duckdb'), join(dir, 's2.duckdb')])),
    ).rejects.toThrow(/two shard files hold shard 2\/2/);
    expect(await store.latestRunId()).toBeUndefined();
  });
});
