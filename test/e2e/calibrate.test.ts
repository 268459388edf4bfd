/** `evalgate calibrate` through the CLI on the in-process local backend, over the shipped labelled sets. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrateJudge } from '../../src/calibrate/run.ts';
import { startLocalBackend } from '../../src/local/index.ts';
import { judgeProviderFor } from '../../src/runner/judge-provider.ts';
import { query } from '../../src/store/_fixtures.ts';
import { ClientPool } from '../../src/targets/clients.ts';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const env = { ...process.env, CI: 'true' };

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'calibrate', ...args], {
    cwd: root,
    env,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

function figures(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stdout.matchAll(/^([a-z_]+): (-?\d+(?:\.\d+)?)$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

const RUNS = [
  { judge: 'faithfulness', file: 'faithfulness', n: 44, names: ['spearman', 'mae', 'accuracy', 'kappa'] },
  {
    judge: 'answer-relevance',
    file: 'relevance',
    n: 37,
    names: ['accuracy', 'within_one', 'kappa_quadratic', 'spearman'],
  },
  { judge: 'pairwise', file: 'pairwise', n: 23, names: ['accuracy', 'kappa', 'position_bias'] },
] as const;

let dir: string;
type CliResult = { code: number; stdout: string; stderr: string };
let results: CliResult[];
let badFile: string;
let unknown: CliResult;
let badRow: CliResult;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-cal-e2e-'));
  badFile = join(dir, 'bad.jsonl');
  await writeFile(
    badFile,
    '{"id":"a","question":"q","answer":"x","label":3}\n{"id":"b","question":"q","answer":"x","label":9}\n',
  );
  const failing = Promise.all([
    cli(['helpfulness', '--labels', badFile, '--db', join(dir, 'x.duckdb')]),
    cli(['answer-relevance', '--labels', badFile, '--db', join(dir, 'y.duckdb')]),
  ]);
  results = await Promise.all(
    RUNS.map((r) =>
      cli([
        r.judge,
        '--labels',
        `datasets/judge-labels/${r.file}.jsonl`,
        '--db',
        join(dir, `${r.judge}.duckdb`),
        '--concurrency',
        '48',
      ]),
    ),
  );
  [unknown, badRow] = await failing;
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('evalgate calibrate on the local backend', () => {
  for (const [i, run] of RUNS.entries()) {
    it(`${run.judge}: prints the figures one per line and stores the calibration with its items`, async () => {
      const res = results[i]!;
      expect(res.stderr).toMatch(/^backend: local \(http:\/\/127\.0\.0\.1:\d+\)$/m);
      expect(res.code).toBe(0);
      const f = figures(res.stdout);
      expect(f.n).toBe(run.n);
      expect(f.judge_errors).toBe(0);
      expect(f.graded).toBe(run.n);
      for (const name of run.names) {
        const v = f[name];
        expect([name, typeof v]).toEqual([name, 'number']);
        const [lo, hi] = name === 'spearman' || name.startsWith('kappa') ? [-1, 1] : [0, 1];
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(hi);
      }
      expect(res.stdout).toMatch(
        new RegExp(`^judge: ${run.judge}@1\\.0\\.0 on amazon\\.nova-pro-v1:0$`, 'm'),
      );
      const db = join(dir, `${run.judge}.duckdb`);
      const [cal] = await query(
        db,
        `SELECT calibration_id, judge_type, judge_model, prompt_id, labels_file, length(labels_sha256)::INTEGER AS sha,
           n, judge_errors, figures::VARCHAR AS figures FROM calibrations`,
      );
      expect(cal).toMatchObject({
        judge_type: run.judge,
        judge_model: 'amazon.nova-pro-v1:0',
        prompt_id: `${run.judge}@1.0.0`,
        labels_file: `datasets/judge-labels/${run.file}.jsonl`,
        sha: 64,
        n: run.n,
        judge_errors: 0,
      });
      expect(res.stdout).toContain(`calibration: ${cal?.calibration_id}`);
      const stored = JSON.parse(String(cal?.figures)) as Record<string, number>;
      for (const name of run.names) expect(stored[name]).toBeCloseTo(f[name]!, 3);
      const [items] = await query(
        db,
        `SELECT count(*)::INTEGER AS n, count(judge_label)::INTEGER AS labelled, count(details)::INTEGER AS details,
           avg(CASE WHEN agree THEN 1.0 ELSE 0.0 END)::DOUBLE AS agree FROM calibration_items`,
      );
      expect(items).toMatchObject({ n: run.n, labelled: run.n, details: run.n });
      // for A/B/tie and 1..5 labels, item agreement is the printed accuracy
      if (run.judge !== 'faithfulness') expect(items?.agree).toBeCloseTo(f.accuracy!, 3);
    });
  }

  it('in process: a judge that always prefers the first position has position bias 1 and only ties', async () => {
    const backend = await startLocalBackend({ port: 0, faults: { latencyScale: 0 } });
    const clients = new ClientPool({ kind: 'local', endpoint: backend.url, region: 'us-east-1' });
    try {
      const r = await calibrateJudge({
        judge: 'pairwise',
        model: 'evalgate.first-position-judge',
        labelsFile: 'datasets/judge-labels/pairwise.jsonl',
        baseDir: root,
        provider: judgeProviderFor(clients),
      });
      // every verdict flips → tie; the labels hold 5 ties of 23 → accuracy 5/23, κ = 0 (one judge category)
      expect(r.figures).toMatchObject({ n: 23, judge_errors: 0, position_bias: 1, kappa: 0 });
      expect(r.figures.accuracy).toBeCloseTo(5 / 23, 12);
      expect(new Set(r.items.map((i) => i.judgeLabel))).toEqual(new Set(['tie']));
    } finally {
      clients.destroy();
      await backend.close();
    }
  });

  it('bad usage and a bad label row fail with one line and exit code 2', () => {
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      'evalgate: unknown judge "helpfulness" (calibrate one of: faithfulness, answer-relevance, correctness, rubric, pairwise)',
    );
    expect(badRow.code).toBe(2);
    expect(badRow.stderr.trim().split('\n').at(-1)).toBe(
      `evalgate: ${badFile} line 2: field "label": expected an integer 1..5`,
    );
  });
});
