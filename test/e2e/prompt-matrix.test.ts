/**
 * The prompts × models matrix end to end through the CLI on the local backend (latency scaled to 0):
 * suites/prompt-matrix.yaml crosses 2 template prompt versions with 3 models → 6 candidates, each stored with its
 * prompt version and shown in the report's matrix; test/fixtures/prompt-matrix-managed crosses a template version
 * and a Bedrock Prompt Management version (served by the local prompt store, registered by the target).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapMeanCi } from '../../src/stats/bootstrap.ts';
import { type Ran, runCli } from './_cli.ts';

let dir: string;
let out: string;
let ran: Ran;
// one CLI run (one process, one local backend) of both suites, into one store
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-prompt-matrix-'));
  out = join(dir, 'out');
  ran = await runCli([
    'run',
    'suites/prompt-matrix.yaml',
    'test/fixtures/prompt-matrix-managed/suite.yaml',
    '--out',
    out,
    '--faults',
    '{"latencyScale":0}',
  ]);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rows(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('evalgate run with a prompt matrix', () => {
  it('suites/prompt-matrix.yaml: 3 models × 2 prompt versions = 6 candidates, stored and reported', async () => {
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('30 cases, 180 calls, 180 ok, 0 errors');
    expect(ran.stdout).toContain('gate: PROMOTE');
    const db = join(out, 'evalgate.duckdb');
    const [run] = await rows(
      db,
      "SELECT run_id, prompt_version FROM runs WHERE suite_name = 'prompt-matrix'",
    );
    expect(run?.prompt_version).toBe('1.0.0'); // the run's version stays the first
    const targets = await rows(
      db,
      `SELECT target_id, model_id, prompt_version FROM run_targets WHERE run_id = '${run?.run_id}' ORDER BY position`,
    );
    expect(targets.map((t) => [t.target_id, t.prompt_version])).toEqual([
      ['nova-micro@1.0.0', '1.0.0'],
      ['nova-micro@1.1.0', '1.1.0'],
      ['nova-lite@1.0.0', '1.0.0'],
      ['nova-lite@1.1.0', '1.1.0'],
      ['nova-pro@1.0.0', '1.0.0'],
      ['nova-pro@1.1.0', '1.1.0'],
    ]);
    // each candidate rendered its own version: 1.1.0 puts the question on a `Question:` line
    const requests = await rows(
      db,
      `SELECT target_id, json_extract_string(request, '$.prompt') AS prompt FROM case_results
       WHERE case_id = 'sup-001' AND run_id = '${run?.run_id}' ORDER BY target_id`,
    );
    for (const r of requests) {
      const v11 = String(r.target_id).endsWith('@1.1.0');
      expect(String(r.prompt).includes('\nQuestion: How much does the Personal plan cost per month?')).toBe(
        v11,
      );
    }
    const html = await readFile(join(out, String(run?.run_id), 'report.html'), 'utf8');
    const matrix = html.slice(
      html.indexOf('<section id="prompt-matrix">'),
      html.indexOf('</section>', html.indexOf('<section id="prompt-matrix">')),
    );
    expect(matrix).toContain('Prompt matrix');
    expect(matrix.match(/<tr><th><code>/g)).toHaveLength(2); // rows 1.0.0, 1.1.0
    for (const id of ['nova-micro', 'nova-lite', 'nova-pro']) expect(matrix).toContain(`<code>${id}</code>`);
    expect(matrix).toContain('title="nova-lite@1.1.0 (n = 30)"');
    expect(matrix).toContain(' / 1k'); // cost per 1,000 cases (the suite scores cost_usd)
  });

  it('a Bedrock Prompt Management version runs through the local prompt store on its model only', async () => {
    expect(ran.code).toBe(0);
    const db = join(out, 'evalgate.duckdb');
    const targets = await rows(
      db,
      `SELECT t.target_id, t.model_id, t.prompt_version FROM run_targets t JOIN runs r USING (run_id)
       WHERE r.suite_name = 'prompt-matrix-managed' ORDER BY t.position`,
    );
    expect(targets).toEqual([
      { target_id: 'nova-lite@1.0.0', model_id: 'amazon.nova-lite-v1:0', prompt_version: '1.0.0' },
      { target_id: 'nova-lite@3', model_id: 'amazon.nova-lite-v1:0', prompt_version: '3' },
      { target_id: 'nova-micro@1.0.0', model_id: 'amazon.nova-micro-v1:0', prompt_version: '1.0.0' },
    ]);
    const managed = await rows(
      db,
      `SELECT c.case_id, c.output_text, c.request::VARCHAR AS request, s.value FROM case_results c
       JOIN scores s USING (run_id, case_id, target_id, repeat)
       WHERE c.target_id = 'nova-lite@3' AND s.metric = 'contains' ORDER BY c.case_id`,
    );
    // the request is the prompt variables only (the prompt text lives in the prompt store)
    expect(JSON.parse(String(managed[0]?.request))).toEqual({
      prompt: 'question: How much does the Personal plan cost per month?',
      promptVariables: { question: 'How much does the Personal plan cost per month?' },
    });
    expect(managed[0]?.output_text).toBe(
      'The Personal plan costs $9.99 per month and includes 2 TB of storage.',
    );
    // BM25 over the prompt's 5 plan sentences: only sup-004 misses ("share" does not stem to "shared" in lite),
    // picking the shorter "offers four plans: Free, Personal, Family and Business." sentence
    expect(managed.map((r) => r.value)).toEqual([1, 1, 1, 0, 1]);
    expect(ran.stdout).toContain('PASS contains mean = 0.8 >= min 0.6');
  });

  it('evalgate select names the cheapest of the 6 candidates whose lower CI bound clears the suite bar', async () => {
    const db = join(out, 'evalgate.duckdb');
    const [run] = await rows(db, "SELECT run_id FROM runs WHERE suite_name = 'prompt-matrix'");
    const selected = await runCli(['select', String(run?.run_id), '--db', db, '--json']);
    expect(selected.code, selected.stderr).toBe(0);
    const res = JSON.parse(selected.stdout);
    // the figures by hand from the stored scores: cost per 1k cases, and the seeded bootstrap CI of contains
    const stored = await rows(
      db,
      `SELECT target_id, metric, value FROM scores WHERE run_id = '${run?.run_id}' AND metric IN ('contains', 'cost_usd')
       ORDER BY case_id, repeat`,
    );
    const ids = [...new Set(stored.map((r) => String(r.target_id)))];
    expect(ids).toHaveLength(6);
    const values = (t: string, m: string) =>
      stored.filter((r) => r.target_id === t && r.metric === m).map((r) => Number(r.value));
    const figures = ids
      .map((t) => ({
        t,
        cost: (values(t, 'cost_usd').reduce((a, b) => a + b, 0) / 30) * 1000,
        ci: bootstrapMeanCi(values(t, 'contains')),
      }))
      .sort((a, b) => a.cost - b.cost);
    const bar = 0.5; // suites/prompt-matrix.yaml select.bar
    const pick = figures.find((f) => f.ci.low >= bar);
    expect(res.overall.candidates.map((c: { targetId: string }) => c.targetId)).toEqual(
      figures.map((f) => f.t),
    );
    for (const f of figures) {
      const c = res.overall.candidates.find((x: { targetId: string }) => x.targetId === f.t);
      expect(c.costPer1k).toBeCloseTo(f.cost, 9);
      expect(c.metrics.contains.low).toBeCloseTo(f.ci.low, 12);
      expect(c.clears).toBe(f.ci.low >= bar);
    }
    expect(pick).toBeDefined();
    expect(res.overall.recommended).toBe(pick?.t);
    // a cheaper candidate was passed over: its mean or its lower bound misses the bar
    expect(figures[0]?.t).not.toBe(pick?.t);
  });
});
