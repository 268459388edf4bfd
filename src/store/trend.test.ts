import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTrendRuns } from './_trend-fixtures.ts';
import { type DuckDbStore, openStore } from './store.ts';
import type { TrendResult } from './trend.ts';

const values = (t: TrendResult) => t.runs.map((r) => r.points.map((p) => [p.value, p.n]));

describe('store.trend', () => {
  let dir: string;
  let store: DuckDbStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-trend-'));
    store = await openStore(join(dir, 'evalgate.duckdb'));
    await writeTrendRuns(store);
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists completed runs of the suite oldest first with the mean and n per target', async () => {
    const t = await store.trend({ suiteName: 'support', metric: 'exact' });
    expect(t.stat).toBe('mean');
    expect(t.targets).toEqual(['a', 'b']);
    expect(t.runs.map((r) => r.runId)).toEqual(['r1', 'r2', 'r4']);
    expect(t.runs.map((r) => r.promptVersion)).toEqual(['v0', 'v1', 'v3']);
    expect(t.runs[0]?.startedAt.toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(t.runs.map((r) => r.gitCommit)).toEqual([null, '0123456789abcdef0123', null]);
    expect(values(t)).toEqual([
      [
        [0.5, 2],
        [1, 1],
      ],
      [
        [2 / 3, 3],
        [1, 2],
      ],
      [
        [0, 2],
        [null, 0],
      ],
    ]);
  });

  it('computes latency quantiles from the results, error rate from the calls, pass rate from pass/fail', async () => {
    const p50 = await store.trend({ suiteName: 'support', metric: 'latency_ms', stat: 'p50' });
    // r1 a [100, 300] → 200; b [200]; r2 a [100, 200, 600] → 200, b [50, 150] → 100; r4 a [400, 400], b none
    expect(values(p50)).toEqual([
      [
        [200, 2],
        [200, 1],
      ],
      [
        [200, 3],
        [100, 2],
      ],
      [
        [400, 2],
        [null, 0],
      ],
    ]);
    const p90 = await store.trend({ suiteName: 'support', metric: 'latency_ms', stat: 'p90', target: 'a' });
    // r2 a: rank 0.9 × 2 = 1.8 → 200 + 0.8 × (600 − 200) = 520
    expect(p90.targets).toEqual(['a']);
    expect(p90.runs.map((r) => r.points[0]?.value)).toEqual([280, 520, 400]);
    const errors = await store.trend({ suiteName: 'support', metric: 'error_rate' });
    expect(values(errors)).toEqual([
      [
        [0, 2],
        [0.5, 2],
      ],
      [
        [0, 3],
        [0, 2],
      ],
      [
        [0, 2],
        [1, 2],
      ],
    ]);
    const pass = await store.trend({ suiteName: 'support', metric: 'exact', stat: 'pass_rate', target: 'a' });
    expect(pass.runs.map((r) => r.points[0]?.value)).toEqual([0.5, 2 / 3, 0]);
  });

  it('keeps the newest N runs, and with untilRunId the history up to that run whatever its status', async () => {
    const last2 = await store.trend({ suiteName: 'support', metric: 'exact', last: 2 });
    expect(last2.runs.map((r) => r.runId)).toEqual(['r2', 'r4']);
    const upToR3 = await store.trend({ suiteName: 'support', metric: 'exact', untilRunId: 'r3' });
    expect(upToR3.runs.map((r) => r.runId)).toEqual(['r1', 'r2', 'r3']);
    expect(upToR3.runs[2]?.points.map((p) => p.value)).toEqual([1, null]);
    const upToR2 = await store.trend({ suiteName: 'support', metric: 'exact', untilRunId: 'r2', last: 1 });
    expect(upToR2.runs.map((r) => r.runId)).toEqual(['r2']);
  });

  it("equals each run's metricSummary figure", async () => {
    const stats = [
      ['exact', 'mean', 'mean'],
      ['exact', 'pass_rate', 'passRate'],
      ['latency_ms', 'p50', 'p50'],
      ['latency_ms', 'p90', 'p90'],
      ['latency_ms', 'p99', 'p99'],
      ['error_rate', 'mean', 'mean'],
    ] as const;
    for (const [metric, stat, key] of stats) {
      const t = await store.trend({ suiteName: 'support', metric, stat });
      for (const run of t.runs) {
        const summary = await store.metricSummary(run.runId);
        for (const p of run.points) {
          const m = summary.find((s) => s.targetId === p.targetId)?.metrics.find((x) => x.metric === metric);
          expect(p.value, `${metric} ${stat} ${run.runId} ${p.targetId}`).toBe(m?.[key] ?? null);
          expect(p.n).toBe(m === undefined ? 0 : stat === 'pass_rate' ? m.passN : m.n);
        }
      }
    }
  });

  it('names what exists when the suite, metric, target or stat is unknown', async () => {
    await expect(store.trend({ suiteName: 'nope', metric: 'exact' })).rejects.toThrow(
      'no runs of suite "nope"; suites with runs: other, support',
    );
    await expect(store.trend({ suiteName: 'support', metric: 'bleu' })).rejects.toThrow(
      'suite "support" has no metric "bleu"; metrics: error_rate, exact, latency_ms',
    );
    await expect(store.trend({ suiteName: 'support', metric: 'exact', target: 'z' })).rejects.toThrow(
      'no target "z" in the runs of suite "support"; targets: a, b',
    );
    await expect(store.trend({ suiteName: 'support', metric: 'error_rate', stat: 'p90' })).rejects.toThrow(
      'error_rate has only the mean stat, not p90',
    );
  });
});
