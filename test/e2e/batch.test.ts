/**
 * Issue 9 item 3's acceptance, as a user runs it: `evalgate run --batch` on the local backend, through the real
 * @aws-sdk/client-s3 and @aws-sdk/client-bedrock clients (PutObject → CreateModelInvocationJob → poll →
 * ListObjectsV2/GetObject), scored like any run. Compared case for case with the same suite run on demand:
 * same answers and quality scores, half the cost (Nova's batch discount), no latency score; the records the
 * backend's errorRate fails (a documented hash of seed and recordId) are stored as errors, none dropped.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordIdOf } from '../../src/batch/records.ts';
import { fnv1a } from '../../src/local/prng.ts';
import { tempDir } from '../../src/plan/_test-fixtures.ts';
import { query } from '../../src/store/_fixtures.ts';
import { type Ran, ROOT, runCli } from './_cli.ts';

const SEED = 7;
const ERROR_RATE = 0.25;

const SUITE = `name: batch-e2e
datasets:
  - path: support.csv
prompt:
  version: 1.0.0
  include:
    policy: support-policy.md
  system: |
    You are Acme Cloud Storage's support assistant. Answer only from this policy:
    {{policy}}
  template: |
    Question: {{question}}
targets:
  - id: micro
    model: amazon.nova-micro-v1:0
    api: invoke
    inference: { maxTokens: 200 }
  - id: lite
    model: amazon.nova-lite-v1:0
    inference: { maxTokens: 200 }
scorers:
  - type: contains
  - type: tokens
  - type: cost
  - type: latency
batch:
  minRecords: 50
`;

let dir: string;
let suite: string;
let dbA: string;
let dbB: string;
let onDemand: Ran;
let batched: Ran;
let refused: Ran;

function runIdOf(ran: Ran): string {
  const m = /— run (\S+):/.exec(ran.stdout);
  if (!m?.[1]) throw new Error(`no run id in: ${ran.stdout}\n${ran.stderr}`);
  return m[1];
}

beforeAll(async () => {
  dir = await tempDir('evalgate-batch-e2e-');
  await copyFile(join(ROOT, 'datasets/support.csv'), join(dir, 'support.csv'));
  await copyFile(join(ROOT, 'datasets/support-policy.md'), join(dir, 'support-policy.md'));
  suite = join(dir, 'suite.yaml');
  await writeFile(suite, SUITE);
  dbA = join(dir, 'a', 'evalgate.duckdb');
  dbB = join(dir, 'b', 'evalgate.duckdb');
  const common = [suite, '--exit-zero', '--no-cache'];
  const faults = JSON.stringify({ latencyScale: 0, errorRate: ERROR_RATE, seed: SEED });
  // three CLI processes at once (separate output folders): on demand, --batch, and --batch below the minimum
  [onDemand, batched, refused] = await Promise.all([
    runCli(['run', ...common, '--out', join(dir, 'a'), '--faults', '{"latencyScale":0}']),
    runCli(['run', ...common, '--out', join(dir, 'b'), '--batch', '--faults', faults]),
    runCli(['run', suite, '--out', join(dir, 'c'), '--batch', '--batch-min-records', '100']),
  ]);
}, 60_000);

describe('evalgate run --batch on the local backend', () => {
  it('stores every call once: answers equal the on-demand run, cost halves, failed records are errors', async () => {
    expect(onDemand.code, onDemand.stderr).toBe(0);
    expect(batched.code, batched.stderr).toBe(0);
    const [a, b] = [runIdOf(onDemand), runIdOf(batched)];
    expect(batched.stderr).toMatch(
      /batch job [0-9a-f]{12} \(target micro\) submitted: s3:\/\/evalgate-batch\//,
    );
    expect(batched.stderr).toMatch(/batch job [0-9a-f]{12} \(target lite\) PartiallyCompleted after/);

    const both = async (sql: string) => [...(await query(dbA, sql)), ...(await query(dbB, sql))];
    const rows = await both(
      'SELECT run_id, case_id, target_id, status, output_text, error_class, input_tokens, output_tokens FROM case_results',
    );
    const scores = await both('SELECT run_id, case_id, target_id, metric, value FROM scores');
    const cases = [...new Set(rows.map((r) => r.case_id as string))];
    expect(cases).toHaveLength(77);
    const batchRows = rows.filter((r) => r.run_id === b);
    // every (case, target) exactly once
    expect(batchRows).toHaveLength(77 * 2);
    expect(new Set(batchRows.map((r) => `${r.case_id}/${r.target_id}`)).size).toBe(77 * 2);

    // the records the backend fails: hash(seed, recordId) / 2^32 < errorRate (src/local/BATCH.md)
    const failing = new Set(
      cases.filter((id) => fnv1a(`${SEED}\n${recordIdOf(id, 0)}`) / 2 ** 32 < ERROR_RATE),
    );
    expect(failing.size).toBeGreaterThan(5);
    expect(failing.size).toBeLessThan(40);

    const score = (run: string, c: string, t: string, m: string) =>
      scores.find((s) => s.run_id === run && s.case_id === c && s.target_id === t && s.metric === m)?.value as
        | number
        | undefined;
    for (const r of batchRows) {
      const caseId = r.case_id as string;
      const target = r.target_id as string;
      if (failing.has(caseId)) {
        expect(r, `${caseId}/${target}`).toMatchObject({
          status: 'error',
          error_class: 'InternalServerException',
        });
        continue;
      }
      const direct = rows.find((x) => x.run_id === a && x.case_id === caseId && x.target_id === target)!;
      expect(direct.status).toBe('ok');
      expect(r.status).toBe('ok');
      expect(r.output_text).toBe(direct.output_text);
      expect([r.input_tokens, r.output_tokens]).toEqual([direct.input_tokens, direct.output_tokens]);
      expect(score(b, caseId, target, 'contains')).toBe(score(a, caseId, target, 'contains'));
      // Nova's batch discount is 0.5 (src/cost/prices.yaml): the batch cost is half the on-demand cost
      expect(score(b, caseId, target, 'cost_usd')).toBeCloseTo(score(a, caseId, target, 'cost_usd')! / 2, 12);
      expect(score(b, caseId, target, 'latency_ms')).toBeUndefined();
      expect(score(a, caseId, target, 'latency_ms')).toBeTypeOf('number');
    }
    const run = await query(dbB, `SELECT backend, counts FROM runs WHERE run_id = '${b}'`);
    expect(String(run[0]?.backend)).toContain('batch inference (per-call latency not measured)');
    const counts = JSON.parse(String(run[0]?.counts));
    expect(counts).toMatchObject({ calls: 154, errors: failing.size * 2, ok: 154 - failing.size * 2 });
  });

  it('refuses, in one line, a target with fewer cases than the minimum records per job', () => {
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n').at(-1)).toBe(
      `evalgate: ${relative(ROOT, suite)}: target "micro" has 77 records (77 cases × 1 repeats), fewer than the minimum of 100 ` +
        'per Bedrock batch inference job; run without --batch, or lower batch.minRecords / --batch-min-records ' +
        "if your account's quota allows",
    );
  });
});
