import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exact, ok, query, T0 } from './_fixtures.ts';
import { openStore } from './store.ts';
import type { Verdict } from './types.ts';

const run1 = {
  runId: 'run-1',
  suiteName: 'support',
  suiteFile: 'suites/support.yaml',
  suiteHash: 'h',
  backend: 'local',
};

describe('DuckDbStore lifecycle: resume, latest run, verdicts, targets from config', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-store-life-'));
    file = join(dir, 'evalgate.duckdb');
    await using store = await openStore(file);
    await store.beginRun({
      ...run1,
      startedAt: T0,
      targets: [{ id: 'lite', modelId: 'amazon.nova-lite-v1:0' }],
    });
    await store.appendResults([
      ok('c1', 'lite', 100, 'yes', [exact(1)]),
      ok('c2', 'lite', 200, 'no', [exact(0)]),
    ]);
    await store.finishRun('run-1', 'failed', { cases: 2, calls: 2, ok: 2, errors: 0 });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('resumes a run: running again, started_at kept, stored keys skipped, new keys added', async () => {
    await using store = await openStore(file);
    await store.beginRun({ ...run1, suiteHash: 'other', startedAt: new Date('2025-06-01T00:00:00.000Z') });
    const run = await store.getRun('run-1');
    expect(run).toMatchObject({ status: 'running', finishedAt: null, startedAt: T0, suiteHash: 'h' });
    expect([...(await store.completedKeys('run-1'))].sort()).toEqual([
      'c1\u0000lite\u00000',
      'c2\u0000lite\u00000',
    ]);
    // the resumed runner re-sends one stored key and one new key: only the new one lands
    await store.appendResults([
      ok('c1', 'lite', 1, 'AGAIN', [exact(0)]),
      ok('c3', 'lite', 300, 'yes', [exact(1)]),
    ]);
    const results = await store.listResults('run-1');
    expect(results.map((r) => [r.caseId, r.outputText])).toEqual([
      ['c1', 'yes'],
      ['c2', 'no'],
      ['c3', 'yes'],
    ]);
    expect((await store.listScores('run-1')).map((s) => s.value)).toEqual([1, 0, 1]);
    await store.finishRun('run-1', 'completed', { cases: 3, calls: 3, ok: 3, errors: 0 });
    expect((await store.getRun('run-1'))?.counts).toEqual({ cases: 3, calls: 3, ok: 3, errors: 0 });
  });

  it('reads targets from a suite config when none are given, and tracks the latest run', async () => {
    await using store = await openStore(file);
    await store.beginRun({
      ...run1,
      runId: 'run-2',
      startedAt: new Date('2025-03-02T10:00:00.000Z'),
      config: {
        name: 'support',
        targets: [{ id: 'micro', model: 'amazon.nova-micro-v1:0', api: 'converse' }],
      },
    });
    expect((await store.getRun('run-2'))?.targets).toEqual([
      { id: 'micro', modelId: 'amazon.nova-micro-v1:0', kind: 'converse' },
    ]);
    await store.appendResults([{ ...ok('c1', 'micro', 10, 'yes', []), runId: 'run-2' }]);
    expect((await store.listResults('run-2'))[0]?.modelId).toBe('amazon.nova-micro-v1:0');
    await store.beginRun({
      ...run1,
      runId: 'run-0',
      suiteName: 'other',
      startedAt: new Date('2025-03-03T10:00:00.000Z'),
    });
    expect(await store.latestRunId()).toBe('run-0');
    expect(await store.latestRunId('support')).toBe('run-2');
    expect(await store.latestRunId('nope')).toBeUndefined();
    expect(await store.getRun('nope')).toBeUndefined();
    await expect(store.finishRun('missing', 'failed', {})).rejects.toThrow(
      /evalgate\.duckdb: finishRun: no run "missing"/,
    );
  });

  it('saves verdicts; the newest is returned and all are in the file', async () => {
    const verdict = (decision: 'promote' | 'rollback'): Verdict => ({
      decision,
      runId: 'run-1',
      candidate: 'lite',
      rules: [],
      summary: decision,
    });
    {
      await using store = await openStore(file);
      expect(await store.getVerdict('run-1')).toBeUndefined();
      await store.saveVerdict('run-1', verdict('rollback'), new Date('2025-03-04T00:00:00.000Z'));
      await store.saveVerdict('run-1', verdict('promote'), new Date('2025-03-05T00:00:00.000Z'));
      expect(await store.getVerdict('run-1')).toEqual(verdict('promote'));
    }
    const rows = await query(
      file,
      'SELECT run_id, decision, verdict::VARCHAR AS v, decided_at FROM gate_verdicts ORDER BY decided_at',
    );
    expect(rows).toEqual([
      {
        run_id: 'run-1',
        decision: 'rollback',
        v: '{"decision":"rollback","runId":"run-1","candidate":"lite","rules":[],"summary":"rollback"}',
        decided_at: new Date('2025-03-04T00:00:00.000Z'),
      },
      {
        run_id: 'run-1',
        decision: 'promote',
        v: '{"decision":"promote","runId":"run-1","candidate":"lite","rules":[],"summary":"promote"}',
        decided_at: new Date('2025-03-05T00:00:00.000Z'),
      },
    ]);
  });

  it('refuses calls after close', async () => {
    const store = await openStore(file);
    await store.close();
    await expect(store.getRun('run-1')).rejects.toThrow(/store is closed/);
  });
});
