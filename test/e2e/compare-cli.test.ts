/**
 * `evalgate compare` as a user runs it: suites/support.yaml twice on the local backend into one DuckDB file,
 * then the two runs compared case by case through the real CLI in a child process.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/index.ts';
import { evaluateSuites } from '../../src/pipeline/evaluate.ts';
import { openStore } from '../../src/store/index.ts';
import { type Ran, ROOT, runCli } from './_cli.ts';

const root = ROOT;
const cli = (...args: string[]) => runCli(args);

let out: string;
let db: string;
const ids: string[] = [];
let missingRun: Promise<Ran>;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'evalgate-compare-'));
  db = join(out, 'evalgate.duckdb');
  // started now, on its own (empty) DuckDB file, so its CLI start overlaps the runs
  missingRun = cli('compare', 'no-such-run', 'latest', '--db', join(out, 'empty.duckdb'));
  // The two runs in-process (as `evalgate run` does), the comparison through the CLI: each CLI start costs ~3 s.
  for (let i = 0; i < 2; i++) {
    const res = await evaluateSuites({
      paths: [join(root, 'suites/support.yaml')],
      backend: 'local',
      outDir: out,
      cache: 'off',
      faults: { latencyScale: 0 },
    });
    ids.push(res.outcomes[0]?.runId ?? '');
  }
}, 60_000);

/** Mean of a metric for one run and target, straight from the DuckDB file. */
async function mean(runId: string, target: string, metric: string): Promise<number> {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  try {
    const rows = (
      await conn.runAndReadAll(
        'SELECT avg(value)::DOUBLE AS m FROM scores WHERE run_id = $1 AND target_id = $2 AND metric = $3',
        [runId, target, metric],
      )
    ).getRowObjectsJS();
    return Number(rows[0]?.m);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const fmt = (x: number) => String(Number(x.toPrecision(4)));

describe('evalgate compare', () => {
  it('prints both means, the paired difference and its 95% CI per target, and writes the JSON', async () => {
    const [a, b] = ids as [string, string];
    expect(a).not.toBe(b);
    const json = join(out, 'compare.json');
    const ran = await cli('compare', a, b, '--db', db, '--json', json);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain(`Baseline:  ${a}`);
    expect(ran.stdout).toContain(`Candidate: ${b}`);
    expect(ran.stdout).toContain(
      'Target nova-lite: 77 paired cases; unpaired: baseline only 0, candidate only 0',
    );
    const base = await mean(a, 'nova-lite', 'contains');
    const cand = await mean(b, 'nova-lite', 'contains');
    const block = ran.stdout.slice(
      ran.stdout.indexOf('Target nova-lite:'),
      ran.stdout.indexOf('Target nova-pro:'),
    );
    const row = block.split('\n').find((l) => l.trim().startsWith('contains '));
    expect(row, ran.stdout).toBeDefined();
    const cells = row!.trim().split(/\s{2,}/);
    // metric, n, baseline, candidate, diff, CI, McNemar b/c, p, regressed, improved
    expect(cells[1]).toBe('77');
    expect(cells[2]).toBe(fmt(base));
    expect(cells[3]).toBe(fmt(cand));
    expect(cells[5]).toMatch(/^\[[-+]?[\d.]+, [-+]?[\d.]+\]$/);

    const cmp = JSON.parse(readFileSync(json, 'utf8'));
    const lite = cmp.targets.find((t: { baselineTarget: string }) => t.baselineTarget === 'nova-lite');
    const contains = lite.metrics.find((m: { metric: string }) => m.metric === 'contains');
    expect(contains.baselineMean).toBeCloseTo(base, 10);
    expect(contains.candidateMean).toBeCloseTo(cand, 10);
    expect(contains.diff.mean).toBeCloseTo(cand - base, 10);
    expect(contains.diff.low).toBeLessThanOrEqual(contains.diff.mean);
    expect(contains.diff.high).toBeGreaterThanOrEqual(contains.diff.mean);
    // McNemar's discordant counts are exactly the pass→fail / fail→pass lists
    expect(contains.mcnemar.b).toBe(contains.regressed.length);
    expect(contains.mcnemar.c).toBe(contains.improved.length);
    const latency = lite.metrics.find((m: { metric: string }) => m.metric === 'latency_ms');
    expect(latency.n).toBe(77);
    expect(latency.lowerIsBetter).toBe(true);
  }, 20_000);

  it('compares two targets of one run (in-process)', async () => {
    const store = await openStore(db);
    try {
      const cmp = await compareRuns(store, ids[0]!, ids[0]!, {
        baselineTarget: 'nova-micro',
        candidateTarget: 'nova-pro',
      });
      expect(cmp.targets).toHaveLength(1);
      const t = cmp.targets[0]!;
      expect(t).toMatchObject({ baselineTarget: 'nova-micro', candidateTarget: 'nova-pro', paired: 77 });
      const contains = t.metrics.find((m) => m.metric === 'contains')!;
      expect(contains.baselineMean).toBeCloseTo(await mean(ids[0]!, 'nova-micro', 'contains'), 10);
      expect(contains.candidateMean).toBeCloseTo(await mean(ids[0]!, 'nova-pro', 'contains'), 10);
    } finally {
      await store.close();
    }
  });

  it('exits 2 with one line on a missing run', async () => {
    const empty = join(out, 'empty.duckdb');
    const missing = await missingRun;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`evalgate: no run no-such-run in ${empty}\n`);
  }, 20_000);
});
