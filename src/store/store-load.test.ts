import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeStep, oneTo, times } from '../load/_test-steps.ts';
import { percentileMs } from '../load/histogram.ts';
import { fromLoadRunRecord, storedGateRules, toLoadRunRecord } from '../load/record.ts';
import type { LoadRunResult } from '../load/types.ts';
import { query } from './_fixtures.ts';
import { openStore } from './store.ts';

function loadRun(runId: string, startedAt: string, profileName = 'chat-api'): LoadRunResult {
  const t0 = new Date(startedAt);
  return {
    runId,
    profileName,
    profileFile: 'loadtests/chat-api.yaml',
    target: { kind: 'http', id: 'POST http://127.0.0.1:4010/chat', url: 'http://127.0.0.1:4010/chat' },
    sloP99Ms: 500,
    startedAt: t0,
    finishedAt: new Date(t0.getTime() + 2000),
    steps: [
      fakeStep({ label: 'c=1', concurrency: 1, elapsedMs: 1000, latenciesMs: oneTo(100) }),
      fakeStep({
        label: 'c=2',
        concurrency: 2,
        elapsedMs: 1000,
        latenciesMs: times(200, 800),
        ok: 190,
        throttled: 10,
        errorsByClass: { '429': 10 },
        ttftMs: times(190, 30),
      }),
    ],
  };
}

describe('load runs (migration 6)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-store6-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips a run, its steps, figures and encoded histograms', async () => {
    const file = join(dir, 'a.duckdb');
    {
      await using store = await openStore(file);
      await store.saveLoadRun(toLoadRunRecord(loadRun('L1', '2025-03-01T10:00:00Z'), { backend: 'local' }));
    }
    await using store = await openStore(file);
    const rec = await store.getLoadRun('L1');
    expect(rec?.backend).toBe('local');
    expect(rec?.target.url).toBe('http://127.0.0.1:4010/chat');
    expect(rec?.startedAt.toISOString()).toBe('2025-03-01T10:00:00.000Z');
    // 300 requests, 290 ok → error rate 10/300; knee: c=1 (100 ok/s at p99 ≈ 99 ms; c=2 has p99 800 > 500)
    expect(rec?.requests).toBe(300);
    expect(rec?.ok).toBe(290);
    expect(rec?.errorRate).toBeCloseTo(10 / 300, 12);
    expect(rec?.kneeStep).toBe('c=1');
    expect(rec?.counts).toEqual({
      requests: 300,
      ok: 290,
      failed: 10,
      throttled: 10,
      timeouts: 0,
      outputTokens: 0,
    });
    expect(rec?.steps.map((s) => [s.label, s.concurrency, s.requestsPerSec, s.okPerSec])).toEqual([
      ['c=1', 1, 100, 100],
      ['c=2', 2, 200, 190],
    ]);
    expect(rec?.steps[1]?.errorsByClass).toEqual({ '429': 10 });
    expect(rec?.steps[0]?.histograms.ttftUs).toBeUndefined();
    const back = fromLoadRunRecord(rec as NonNullable<typeof rec>);
    expect(back.steps[0]?.histograms.latencyUs.totalCount).toBe(100);
    expect(percentileMs(back.steps[0]?.histograms.latencyUs as never, 50)).toBeCloseTo(50, 1);
    expect(back.steps[1]?.histograms.ttftUs?.totalCount).toBe(190);
    expect(back.steps[1]?.spec).toEqual(loadRun('x', '2025-01-01T00:00:00Z').steps[1]?.spec);
    // the flat columns are there for the DuckDB CLI
    const rows = await query(
      file,
      'SELECT label, ok_per_sec, round(p99_ms) AS p99 FROM load_steps ORDER BY position',
    );
    expect(rows).toEqual([
      { label: 'c=1', ok_per_sec: 100, p99: 99 },
      { label: 'c=2', ok_per_sec: 190, p99: 800 },
    ]);
  });

  it('saving the same run id again replaces it; an unknown id reads as undefined', async () => {
    await using store = await openStore(join(dir, 'b.duckdb'));
    const run = loadRun('L1', '2025-03-01T10:00:00Z');
    await store.saveLoadRun(toLoadRunRecord(run));
    await store.saveLoadRun(toLoadRunRecord({ ...run, steps: run.steps.slice(0, 1) }));
    expect((await store.getLoadRun('L1'))?.steps.length).toBe(1);
    expect(await store.getLoadRun('nope')).toBeUndefined();
  });

  it('latestLoadRun picks the newest run of the profile, or the newest promoted one', async () => {
    await using store = await openStore(join(dir, 'c.duckdb'));
    await store.saveLoadRun(toLoadRunRecord(loadRun('old', '2025-03-01T10:00:00Z')));
    await store.saveLoadRun(toLoadRunRecord(loadRun('mid', '2025-03-02T10:00:00Z')));
    await store.saveLoadRun(toLoadRunRecord(loadRun('new', '2025-03-03T10:00:00Z')));
    await store.saveLoadRun(toLoadRunRecord(loadRun('other', '2025-03-04T10:00:00Z', 'other-profile')));
    await store.saveVerdict('old', { decision: 'promote' }, new Date('2025-03-01T11:00:00Z'));
    // mid was promoted, then rolled back on a later re-gate: its newest verdict counts
    await store.saveVerdict('mid', { decision: 'promote' }, new Date('2025-03-02T11:00:00Z'));
    await store.saveVerdict('mid', { decision: 'rollback' }, new Date('2025-03-02T12:00:00Z'));
    await store.saveVerdict('new', { decision: 'rollback' }, new Date('2025-03-03T11:00:00Z'));
    expect((await store.latestLoadRun('chat-api'))?.runId).toBe('new');
    expect((await store.latestLoadRun('chat-api', { promotedOnly: true }))?.runId).toBe('old');
    expect(await store.latestLoadRun('missing')).toBeUndefined();
  });
});

describe('latestLoadRun across profiles', () => {
  it('without a profile name picks the newest of any profile; excludeRunId skips one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evalgate-store6b-'));
    try {
      await using store = await openStore(join(dir, 'd.duckdb'));
      await store.saveLoadRun(toLoadRunRecord(loadRun('a', '2025-03-01T10:00:00Z')));
      await store.saveLoadRun(toLoadRunRecord(loadRun('b', '2025-03-02T10:00:00Z', 'other')));
      expect((await store.latestLoadRun(undefined))?.runId).toBe('b');
      expect((await store.latestLoadRun(undefined, { excludeRunId: 'b' }))?.runId).toBe('a');
      expect(await store.latestLoadRun('chat-api', { excludeRunId: 'a' })).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('gate rules stored with a load run', () => {
  it('come back from the store for `evalgate gate --load`', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evalgate-store6c-'));
    try {
      await using store = await openStore(join(dir, 'e.duckdb'));
      const rules = [{ metric: 'p99_ms' as const, maxRatioToBaseline: 2 }];
      await store.saveLoadRun(toLoadRunRecord(loadRun('g', '2025-03-01T10:00:00Z'), { gateRules: rules }));
      await store.saveLoadRun(toLoadRunRecord(loadRun('n', '2025-03-01T10:00:00Z')));
      expect(storedGateRules((await store.getLoadRun('g'))!)).toEqual(rules);
      expect(storedGateRules((await store.getLoadRun('n'))!)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
