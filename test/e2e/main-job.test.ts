/**
 * The README's first command, as a user runs it: the example suites on the local backend → DuckDB file →
 * HTML report → gate verdict, through the real CLI in a child process.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

let out: string;
let stdout: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'evalgate-main-'));
  const res = await run(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'run', 'suites', '--out', out, '--exit-zero'],
    { cwd: root, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
  );
  stdout = res.stdout;
}, 240_000);

const printed = (label: string) => {
  const m = stdout.match(new RegExp(`^${label}:\\s+(\\S+)`, 'm'));
  expect(m, `"${label}:" line in:\n${stdout}`).not.toBeNull();
  return m![1]!;
};

describe('pnpm eval (evalgate run suites --exit-zero)', () => {
  it('prints where the DuckDB file, the report and the verdict are, and they exist', () => {
    for (const label of ['DuckDB', 'Report', 'Verdict']) {
      const path = printed(label);
      expect(existsSync(path.startsWith('/') ? path : join(root, path))).toBe(true);
    }
  });

  it('shows each judged case of the RAG suite with its judge reason and claims in the report', () => {
    const reports = [...stdout.matchAll(/^Report:\s+(\S+)/gm)].map((m) => m[1]!);
    const rag = reports.find((p) => p.includes('support-rag-'));
    expect(rag, stdout).toBeDefined();
    const html = readFileSync(rag!.startsWith('/') ? rag! : join(root, rag!), 'utf8');
    expect(html).toMatch(/<div class="judge-reason">\d+ of \d+ claims supported by the context<\/div>/);
    expect(html).toMatch(/<ol class="claims"><li class="claim-ok">✓ /);
    expect(html).toMatch(/<div class="judge-reason">\d\/5: /);
    // judge tokens and cost apart from the candidates' own, in the targets table
    expect(html).toContain('<th class="num">judge tokens</th><th class="num">judge cost</th>');
    expect(html).toMatch(/<td class="num">[\d,]+<\/td><td class="num">\$0\.\d+<\/td>\s*<\/tr>/);
  });

  it('ranks the RAG candidates by nDCG@5 and names the best configuration and the best of the chunking sweep', () => {
    const reports = [...stdout.matchAll(/^Report:\s+(\S+)/gm)].map((m) => m[1]!);
    const path = reports.find((p) => p.includes('help-center-rag-'));
    expect(path, stdout).toBeDefined();
    const html = readFileSync(path!.startsWith('/') ? path! : join(root, path!), 'utf8');
    expect(html).toContain('<section id="retrieval">');
    expect(html).toMatch(
      /Best configuration: <code>[\w.-]+<\/code> — ndcg@5 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]/,
    );
    expect(html).toMatch(
      /Best of sweep <code>chunks<\/code> \(6 configurations\): <code>chunks\.size\d+\.overlap\d+<\/code>/,
    );
    // the sweep's configurations differ: not every row shows the same precision@5 and ndcg@5
    const rows = [
      ...html.matchAll(
        /<tr(?: class="best")?><td class="num">\d+<\/td><td><code>(chunks[^<]+)<\/code>(.*?)<\/tr>/g,
      ),
    ];
    expect(rows).toHaveLength(6);
    const means = rows.map((r) =>
      [...r[2]!.matchAll(/<td class="num">(\d\.\d{3})<br>/g)].map((m) => m[1]).join(' '),
    );
    expect(new Set(means).size).toBe(6);
  });

  it('writes a verdict with every rule and its figures', () => {
    const path = printed('Verdict');
    const verdict = JSON.parse(readFileSync(path.startsWith('/') ? path : join(root, path), 'utf8'));
    expect(['promote', 'rollback']).toContain(verdict.decision);
    expect(verdict.rules.length).toBeGreaterThanOrEqual(3);
    for (const rule of verdict.rules) expect(typeof rule.actual).toBe('number');
  });

  it('stores one row per case × target, and the scores per scorer, in a DuckDB file the CLI can open', async () => {
    const db = await DuckDBInstance.create(join(out, 'evalgate.duckdb'));
    const conn = await db.connect();
    const perTarget = (
      await conn.runAndReadAll(
        `select target_id, count(*)::int as n, count(distinct case_id)::int as cases
         from case_results group by target_id order by target_id`,
      )
    ).getRowObjectsJson();
    const rag = [
      'chunks.size1200.overlap0',
      'chunks.size1200.overlap100',
      'chunks.size200.overlap0',
      'chunks.size200.overlap100',
      'chunks.size500.overlap0',
      'chunks.size500.overlap100',
      'guardrail-v1', // guardrails.yaml: two guardrail versions (not RAG, but sorted here)
      'guardrail-v2',
      'kb-rag',
      'kb-retrieve',
    ];
    const models = ['nova-lite', 'nova-micro', 'nova-pro'];
    const variants = ['baseline', 'canary']; // sagemaker-variants.yaml: two variants of one local endpoint
    const routing = ['all-micro', 'all-pro']; // routing.yaml (and its `routed` candidate)
    // prompt-matrix.yaml: 2 prompt versions × 3 models
    const matrix = (m: string) => [`${m}@1.0.0`, `${m}@1.1.0`];
    expect(perTarget.map((r) => r.target_id)).toEqual([
      ...routing,
      ...variants,
      ...rag,
      'nova-lite',
      ...matrix('nova-lite'),
      'nova-micro',
      ...matrix('nova-micro'),
      'nova-pro',
      ...matrix('nova-pro'),
      'rag-bm25-fixed',
      'rag-hybrid-rerank',
      'routed',
    ]);
    for (const r of perTarget) {
      // support.yaml + support-rag.yaml for the models; help-center-rag.yaml's 102 questions for the others
      const id = String(r.target_id);
      const expected = models.includes(id)
        ? 77 + 24
        : variants.includes(id)
          ? 77
          : id.startsWith('guardrail-')
            ? 235 + 70 // labels.jsonl + attacks.jsonl
            : id.includes('@')
              ? 30 // prompt-matrix.yaml: the first 30 support questions
              : routing.includes(id) || id === 'routed'
                ? 24 // datasets/routing.csv
                : 102;
      expect(r.n).toBe(expected);
      expect(r.n).toBe(r.cases);
    }
    const perMetric = (
      await conn.runAndReadAll(
        `select s.metric, count(*)::int as n from scores s join case_results c using (run_id, case_id, target_id, repeat)
         where c.status = 'ok' group by s.metric order by s.metric`,
      )
    ).getRowObjectsJson();
    const metrics = perMetric.map((r) => r.metric);
    for (const m of [
      'ndcg@5',
      'recall@5',
      'citation_precision',
      'contains',
      'latency_ms',
      'total_tokens',
      'cost_usd',
      'faithfulness',
      'answer-relevance',
    ]) {
      expect(metrics).toContain(m);
    }
    const ok = (
      await conn.runAndReadAll(
        `select count(*)::int as n from case_results
         where status = 'ok' and (target_id like 'nova-%' or target_id in ('baseline', 'canary', 'all-micro', 'all-pro', 'routed'))`,
      )
    ).getRowObjectsJson()[0]!.n;
    // `contains` grades every answer of the support, prompt-matrix, routing and SageMaker suites (not the RAG suite)
    expect(perMetric.find((r) => r.metric === 'contains')?.n).toBe(ok);
    conn.closeSync();
    db.closeSync();
  });
});
