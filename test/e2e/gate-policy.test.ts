/**
 * `evalgate gate` as a release pipeline calls it: a stand-alone policy with non-inferiority and ratio rules
 * against `--baseline latest-promoted` (exit 0 / 1 / 2), and `--stage N --metrics live.json` for a canary step.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSuites } from '../../src/pipeline/evaluate.ts';
import { openStore } from '../../src/store/index.ts';
import { type Ran, ROOT, runCli } from './_cli.ts';

const cli = (...args: string[]) => runCli(args);

let out: string;
let db: string;
const ids: string[] = [];
let stages: Promise<[Ran, Ran, Ran]>;

const liveJson = (stage: number, errors: number) =>
  JSON.stringify({
    stage,
    candidate: { requests: 1000, errors, p50Ms: 120, p99Ms: 700, costPerRequest: 0.0003 },
    baseline: { requests: 3000, errors: 3, p50Ms: 110, p99Ms: 400, costPerRequest: 0.0003 },
  });

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'evalgate-gate-'));
  db = join(out, 'evalgate.duckdb');
  await writeFile(join(out, 'ok.json'), liveJson(25, 4));
  await writeFile(join(out, 'errors.json'), liveJson(25, 20));
  await writeFile(
    join(out, 'bad.json'),
    JSON.stringify({ candidate: { requests: 5, errors: 9 }, baseline: {} }),
  );
  // The stage calls need no DuckDB file: started now, so their CLI start overlaps the runs.
  stages = Promise.all([
    cli('gate', '--stage', '25', '--metrics', join(out, 'ok.json')),
    cli('gate', '--stage', '25', '--metrics', join(out, 'errors.json'), '--out', join(out, 'stage.json')),
    cli('gate', '--stage', '25', '--metrics', join(out, 'bad.json')),
  ]);
  await writeFile(
    join(out, 'policy.yaml'),
    'candidate: micro\nrules:\n  - { metric: contains, nonInferiority: { margin: 0.5 } }\n  - { metric: contains, maxRatio: 1.5 }\n',
  );
  await writeFile(
    join(out, 'strict.yaml'),
    'candidate: micro\nrules:\n  - { metric: contains, maxRatio: 0.5 }\n',
  );
  for (let i = 0; i < 2; i++) {
    const res = await evaluateSuites({
      paths: [join(ROOT, 'test/fixtures/gates/promote.yaml')],
      backend: 'local',
      outDir: out,
      cache: 'off',
      faults: { latencyScale: 0 },
    });
    expect(res.outcomes[0]?.verdict?.decision).toBe('promote');
    ids.push(res.outcomes[0]?.runId ?? '');
  }
}, 60_000);

async function containsMean(runId: string): Promise<number> {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  try {
    const rows = (
      await conn.runAndReadAll(
        `SELECT avg(value)::DOUBLE AS m FROM scores WHERE run_id = $1 AND target_id = 'micro' AND metric = 'contains'`,
        [runId],
      )
    ).getRowObjectsJS();
    return Number(rows[0]?.m);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('evalgate gate --baseline latest-promoted', () => {
  it('promotes against the newest promoted run, rolls back on a failing ratio, and exits 2 without one', async () => {
    const [a, b] = ids as [string, string];
    const verdictFile = join(out, 'verdict.json');
    const ok = await cli(
      'gate',
      b,
      '--db',
      db,
      '--policy',
      join(out, 'policy.yaml'),
      '--baseline',
      'latest-promoted',
      '--out',
      verdictFile,
    );
    expect(ok.code, ok.stderr).toBe(0);
    const v = JSON.parse(ok.stdout);
    expect(JSON.parse(readFileSync(verdictFile, 'utf8'))).toEqual(v);
    expect(v).toMatchObject({ decision: 'promote', runId: b, baselineRunId: a, baseline: 'micro' });
    const [ni, ratio] = v.rules;
    const [meanA, meanB] = [await containsMean(a), await containsMean(b)];
    expect(ni).toMatchObject({
      id: 'contains.mean.non_inferiority',
      kind: 'nonInferiority',
      n: 12,
      margin: 0.5,
    });
    expect(ni.actual).toBeCloseTo(meanB, 12);
    expect(ni.baseline).toBeCloseTo(meanA, 12);
    expect(ni.diff).toBeCloseTo(meanB - meanA, 12);
    expect(ni.ciLow).toBeLessThanOrEqual(ni.diff);
    expect(ni.ciLow).toBeGreaterThan(-0.5);
    expect(ratio).toMatchObject({ id: 'contains.mean.ratio', maxRatio: 1.5, pass: true });
    expect(ratio.ratio).toBeCloseTo(meanB / meanA, 12);

    const strict = await cli('gate', b, '--db', db, '--policy', join(out, 'strict.yaml'), '--baseline', a);
    expect(strict.code, strict.stderr).toBe(1);
    const sv = JSON.parse(strict.stdout);
    expect(sv.rules[0].message).toMatch(
      /^contains mean = [\d.]+ > 0\.5 × baseline [\d.]+ = [\d.]+ \(ratio [\d.]+\)$/,
    );

    // A's newest verdict becomes rollback: B has no promoted run of its suite before it any more.
    const store = await openStore(db);
    await store.saveVerdict(a, {
      decision: 'rollback',
      runId: a,
      candidate: 'micro',
      rules: [],
      summary: 'x',
    });
    await store.close();
    const none = await cli(
      'gate',
      b,
      '--db',
      db,
      '--policy',
      join(out, 'policy.yaml'),
      '--baseline',
      'latest-promoted',
    );
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe(
      `evalgate: --baseline latest-promoted: no promoted run of suite "gate-promote" in ${db}`,
    );
  }, 60_000);
});

describe('evalgate gate --stage N --metrics FILE', () => {
  it('promote at 25 → nextStage 50 (exit 0); a 2 % error rate → rollback (exit 1); a bad file → exit 2', async () => {
    const [ok, errors, bad] = await stages;
    expect(ok.code, ok.stderr).toBe(0);
    const v = JSON.parse(ok.stdout);
    expect(v).toMatchObject({ decision: 'promote', stage: 25, nextStage: 50, candidate: 'candidate' });
    expect(v.rules.map((r: { message: string }) => r.message)).toEqual([
      'error_rate = 0.004 <= max 0.01',
      'p99_ms = 700 <= 2 × baseline 400 = 800',
    ]);
    expect(errors.code).toBe(1);
    const r = JSON.parse(readFileSync(join(out, 'stage.json'), 'utf8'));
    expect(r).toMatchObject({ decision: 'rollback', stage: 25, nextStage: 50 });
    expect(r.rules[0]).toMatchObject({ metric: 'error_rate', actual: 0.02, pass: false });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/bad\.json: candidate\.errors: expected at most requests \(5\), got 9$/m);
  }, 60_000);
});
