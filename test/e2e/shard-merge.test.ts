/**
 * Issue 9's acceptance: a suite run in 4 shards (`evalgate run --shard i/4`, each its own DuckDB file, run at once
 * as 4 CI runners would) and merged (`evalgate merge`) equals, case for case, the same suite run unsharded — same
 * results, outputs and scores (latency aside: it is measured, not computed) and the same counts; merging again
 * adds nothing; the merged run gates like any run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import type { RunRecord } from '../../src/store/types.ts';
import { type Ran, ROOT, runCli } from './_cli.ts';

let dir: string;
let shardRuns: Ran[];
let merged: Ran;
let mergedAgain: Ran;
let gate: Ran;

const SUITE = `name: shard-check
datasets:
  - path: ${join(ROOT, 'datasets/support.csv')}
    limit: 40
prompt:
  version: 1.0.0
  include: { policy: ${join(ROOT, 'datasets/support-policy.md')} }
  system: "Answer only from this policy: {{policy}}"
  template: "Question: {{question}}"
targets:
  - { id: micro, model: amazon.nova-micro-v1:0, concurrency: 8 }
  - { id: pro, model: amazon.nova-pro-v1:0, concurrency: 8 }
scorers:
  - type: contains
    threshold: 1
  - type: latency
  - type: cost
gate:
  candidate: micro
  rules:
    - { metric: error_rate, max: 0.01 }
`;

interface Snapshot {
  run: RunRecord;
  results: string[];
  scores: string[];
}

async function snapshot(db: string): Promise<Snapshot> {
  await using store = await openStore(db);
  const runId = (await store.latestRunId('shard-check'))!;
  const run = (await store.getRun(runId))!;
  const results = (await store.listResults(runId)).map((r) =>
    JSON.stringify([r.caseId, r.targetId, r.repeat, r.status, r.outputText, r.inputTokens, r.outputTokens]),
  );
  const scores = (await store.listScores(runId))
    .filter((s) => s.metric !== 'latency_ms')
    .map((s) => JSON.stringify([s.caseId, s.targetId, s.repeat, s.metric, s.value, s.pass]));
  return { run, results: results.sort(), scores: scores.sort() };
}

let whole: Snapshot;
let joined: Snapshot;
let shardCases: number[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-shards-'));
  const suite = join(dir, 'shard-check.yaml');
  await writeFile(suite, SUITE);
  const run = (out: string, extra: string[] = []) =>
    runCli(['run', suite, '--out', join(dir, out), '--no-cache', '--exit-zero', ...extra]);
  const [unsharded, ...shards] = await Promise.all([
    run('whole'),
    ...[1, 2, 3, 4].map((i) => run(`shard-${i}`, ['--shard', `${i}/4`])),
  ]);
  expect(unsharded?.code, unsharded?.stderr).toBe(0);
  shardRuns = shards;
  const files = [1, 2, 3, 4].map((i) => join(dir, `shard-${i}`, 'evalgate.duckdb'));
  shardCases = [];
  for (const f of files) shardCases.push((await snapshot(f)).run.counts?.cases ?? -1);
  const db = join(dir, 'merged.duckdb');
  merged = await runCli(['merge', ...files, '--db', db]);
  mergedAgain = await runCli(['merge', ...files, '--db', db]);
  whole = await snapshot(join(dir, 'whole', 'evalgate.duckdb'));
  joined = await snapshot(db);
  gate = await runCli(['gate', 'latest', '--db', db]);
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('evalgate run --shard i/n + evalgate merge', () => {
  it('splits the 40 cases over 4 disjoint shards', () => {
    for (const r of shardRuns) expect(r.code, r.stderr).toBe(0);
    expect(shardCases.reduce((a, b) => a + b, 0)).toBe(40);
    for (const n of shardCases) expect(n).toBeGreaterThan(0);
  });

  it('merges into a run equal, case for case, to the unsharded run', () => {
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(
      /merged run .* \(shard-check, completed\): 40 cases, 80 calls, 80 ok, 0 errors/,
    );
    expect(joined.results).toHaveLength(80);
    expect(joined.results).toEqual(whole.results);
    expect(joined.scores).toEqual(whole.scores);
    const pick = (c: RunRecord['counts']) => ({
      cases: c?.cases,
      calls: c?.calls,
      ok: c?.ok,
      errors: c?.errors,
    });
    expect(pick(joined.run.counts)).toEqual(pick(whole.run.counts));
    expect(Object.keys(joined.run.meta?.shards ?? {}).sort()).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });

  it('adds nothing when merged again, and gates the merged run', () => {
    expect(mergedAgain.code, mergedAgain.stderr).toBe(0);
    expect(mergedAgain.stdout.match(/0 results and 0 scores added/g)).toHaveLength(4);
    expect(mergedAgain.stdout).toMatch(/40 cases, 80 calls, 80 ok, 0 errors/);
    expect(gate.code, gate.stderr + gate.stdout).toBe(0);
  });
});
