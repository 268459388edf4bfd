/**
 * `pnpm test:eval` on a pull request with EVALGATE_BASELINE_DB: the branch's run of a suite is compared with
 * main's run of it (from main's DuckDB file), both prompt versions named, and a quality drop beyond the margin
 * fails the command. Main's run: prompt 1.0.0; branch A: prompt 1.0.1 (same wording → no change, passes);
 * branch B: prompt 2.0.0 that drops the question (contains falls → fails).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ran, ROOT, runCli, runNode } from './_cli.ts';

let dir: string;
let main: Ran;
let same: Ran;
let worse: Ran;

const suite = (version: string, template: string) => `name: pr-check
datasets:
  - path: ${join(ROOT, 'datasets/support.csv')}
    limit: 20
prompt:
  version: ${version}
  include: { policy: ${join(ROOT, 'datasets/support-policy.md')} }
  system: "Answer only from this policy: {{policy}}"
  template: "${template}"
targets:
  - { id: lite, model: amazon.nova-lite-v1:0, concurrency: 8 }
scorers:
  - type: contains
    threshold: 1
gate:
  candidate: lite
  rules:
    - { metric: contains, stat: mean, min: 0 }
`;

async function testEval(name: string, text: string): Promise<Ran> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'pr-check.yaml'), text);
  return runNode(
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.eval.config.ts', '--reporter=verbose'],
    {
      EVALGATE_SUITES: join(folder, 'pr-check.yaml'),
      EVALGATE_OUT: join(folder, 'out'),
      EVALGATE_BASELINE_DB: join(dir, 'main', 'out', 'evalgate.duckdb'),
    },
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-pr-baseline-'));
  await mkdir(join(dir, 'main'));
  await writeFile(join(dir, 'main', 'pr-check.yaml'), suite('1.0.0', 'Question: {{question}}'));
  main = await runCli([
    'run',
    join(dir, 'main', 'pr-check.yaml'),
    '--out',
    join(dir, 'main', 'out'),
    '--faults',
    '{"latencyScale":0}',
  ]);
  [same, worse] = await Promise.all([
    testEval('same', suite('1.0.1', 'Question: {{question}}')),
    testEval('worse', suite('2.0.0', 'Question: tell me about {{category}}')),
  ]);
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pnpm test:eval with EVALGATE_BASELINE_DB', () => {
  it('names both prompt versions and passes when the branch is no worse than main', () => {
    expect(main.code, main.stderr).toBe(0);
    const out = same.stdout + same.stderr;
    expect(same.code, out).toBe(0);
    expect(out).toMatch(
      /lite contains vs main's run pr-check-\S+ \(prompt 1\.0\.0 → 1\.0\.1\): branch − main 0\.000 \[0\.000, 0\.000\] \(n=20\)/,
    );
  });

  it('fails when the paired CI of branch − main falls below −margin', () => {
    const out = worse.stdout + worse.stderr;
    expect(worse.code, out).not.toBe(0);
    expect(out).toMatch(/prompt 1\.0\.0 → 2\.0\.0/);
    expect(out).toMatch(/CI low below −0\.05/);
  });
});
