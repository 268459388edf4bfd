/**
 * `evalgate trend` as a user runs it: synthetic runs written with the real store (src/store/_trend-fixtures.ts),
 * then the CLI in child processes, each on its own copy of the DuckDB file (DuckDB allows one process per file).
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTrendRuns } from '../../src/store/_trend-fixtures.ts';
import { openStore } from '../../src/store/index.ts';
import { type Ran, runCli } from './_cli.ts';

let dir: string;
const ran: Record<string, Ran> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-trend-cli-'));
  const db = join(dir, 'evalgate.duckdb');
  {
    await using store = await openStore(db);
    await writeTrendRuns(store);
  }
  const calls: Record<string, string[]> = {
    table: ['support', '--metric', 'exact'],
    csv: ['support', '--metric', 'latency_ms', '--stat', 'p50', '--format', 'csv'],
    json: ['support', '--metric', 'error_rate', '--target', 'b', '--last', '2', '--format', 'json'],
    badMetric: ['support', '--metric', 'bleu'],
  };
  await Promise.all(
    Object.entries(calls).map(async ([name, args]) => {
      const copy = join(dir, `${name}.duckdb`);
      await copyFile(db, copy);
      ran[name] = await runCli(['trend', ...args, '--db', copy]);
    }),
  );
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('evalgate trend', () => {
  it('prints one row per completed run, oldest first, with the figure and n per target', () => {
    const r = ran.table as Ran;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'Trend of exact (mean) in suite support: 3 run(s), oldest first',
      'run_id  started_at            git_commit    prompt_version  a mean  a n  b mean  b n',
      'r1      2025-03-01 10:00:00Z  –             v0                 0.5    2       1    1',
      'r2      2025-03-02 10:00:00Z  0123456789ab  v1              0.6667    3       1    2',
      'r4      2025-03-04 10:00:00Z  –             v3                   0    2       –    0',
      '',
    ]);
  });

  it('writes CSV with raw figures and JSON with the trend object', () => {
    const csv = ran.csv as Ran;
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe(
      [
        'run_id,started_at,git_commit,prompt_version,a.p50,a.n,b.p50,b.n',
        'r1,2025-03-01T10:00:00.000Z,,v0,200,2,200,1',
        'r2,2025-03-02T10:00:00.000Z,0123456789abcdef0123,v1,200,3,100,2',
        'r4,2025-03-04T10:00:00.000Z,,v3,400,2,,0',
        '',
      ].join('\n'),
    );
    const json = ran.json as Ran;
    expect(json.code, json.stderr).toBe(0);
    const t = JSON.parse(json.stdout);
    expect(t.metric).toBe('error_rate');
    expect(t.targets).toEqual(['b']);
    expect(
      t.runs.map((r: { runId: string; startedAt: string; points: unknown[] }) => [
        r.runId,
        r.startedAt,
        r.points,
      ]),
    ).toEqual([
      ['r2', '2025-03-02T10:00:00.000Z', [{ targetId: 'b', value: 0, n: 2 }]],
      ['r4', '2025-03-04T10:00:00.000Z', [{ targetId: 'b', value: 1, n: 2 }]],
    ]);
  });

  // the unknown-suite message comes from the same query (src/store/trend.test.ts); one CLI start less here
  it('exits 2 with one line naming the metrics that exist for an unknown metric', () => {
    const metric = ran.badMetric as Ran;
    expect(metric.code).toBe(2);
    expect(metric.stderr).toBe(
      'evalgate: suite "support" has no metric "bleu"; metrics: error_rate, exact, latency_ms\n',
    );
  });
});
