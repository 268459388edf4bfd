/** Synthetic runs of the trend tests (store, report, CLI), written with the real store. */
import type { CaseResult } from '../core/types.ts';
import { err, exact, ok, T0 } from './_fixtures.ts';
import type { DuckDbStore } from './store.ts';

const DAY = 86_400_000;

/**
 * Suite `support`, targets a (position 0) and b (position 1); `exact` scores with pass = (value === 1).
 * r1 day 0: a c1 1 @100 ms, c2 0 @300 ms · b c1 1 @200 ms, c2 error
 * r2 day 1: a c1 1 @100, c2 1 @200, c3 0 @600 · b c1 1 @50, c2 1 @150
 * r3 day 2: failed run (never in a trend unless asked for by untilRunId)
 * r4 day 3: a c1 0 @400, c2 0 @400 · b c1 error, c2 error
 * o1 day 1: another suite. Only r2 records a git commit (0123456789abcdef0123).
 */
export const TREND_RUNS: {
  id: string;
  suite: string;
  day: number;
  status: 'completed' | 'failed';
  rows: CaseResult[];
}[] = [
  {
    id: 'r1',
    suite: 'support',
    day: 0,
    status: 'completed',
    rows: [
      ok('c1', 'a', 100, 'y', [exact(1)]),
      ok('c2', 'a', 300, 'n', [exact(0)]),
      ok('c1', 'b', 200, 'y', [exact(1)]),
      err('c2', 'b', 'ThrottlingException'),
    ],
  },
  {
    id: 'r2',
    suite: 'support',
    day: 1,
    status: 'completed',
    rows: [
      ok('c1', 'a', 100, 'y', [exact(1)]),
      ok('c2', 'a', 200, 'y', [exact(1)]),
      ok('c3', 'a', 600, 'n', [exact(0)]),
      ok('c1', 'b', 50, 'y', [exact(1)]),
      ok('c2', 'b', 150, 'y', [exact(1)]),
    ],
  },
  {
    id: 'r3',
    suite: 'support',
    day: 2,
    status: 'failed',
    rows: [ok('c1', 'a', 900, 'y', [exact(1)])],
  },
  {
    id: 'r4',
    suite: 'support',
    day: 3,
    status: 'completed',
    rows: [
      ok('c1', 'a', 400, 'n', [exact(0)]),
      ok('c2', 'a', 400, 'n', [exact(0)]),
      err('c1', 'b', 'ValidationException'),
      err('c2', 'b', 'ValidationException'),
    ],
  },
  { id: 'o1', suite: 'other', day: 1, status: 'completed', rows: [ok('c1', 'a', 1, 'y', [exact(1)])] },
];

/** Writes the runs above into STORE (used by the report and CLI tests too). */
export async function writeTrendRuns(store: DuckDbStore): Promise<void> {
  for (const r of TREND_RUNS) {
    await store.beginRun({
      runId: r.id,
      suiteName: r.suite,
      suiteFile: `suites/${r.suite}.yaml`,
      suiteHash: 'h',
      promptVersion: `v${r.day}`,
      backend: 'local',
      startedAt: new Date(T0.getTime() + r.day * DAY),
      targets: [
        { id: 'a', modelId: 'model-a' },
        { id: 'b', modelId: 'model-b' },
      ],
      ...(r.id === 'r2' ? { meta: { git: { commit: '0123456789abcdef0123', dirty: false } } } : {}),
    });
    await store.appendResults(r.rows.map((row) => ({ ...row, runId: r.id })));
    await store.finishRun(r.id, r.status, {});
  }
}
