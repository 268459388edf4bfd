/**
 * A small suite with a swept RAG pipeline, run end to end: loadSuite (sweep expansion) → runSuite → local backend
 * (InvokeModel embeddings, Converse) → retrieval scorer → DuckDB store. Ranks on rag-mini (see pipeline.test.ts):
 * "solar panel warranty" puts energy/warranty 4th by vector, 1st by bm25 and 2nd by hybrid; the sizing question
 * puts energy/solar-sizing 1st in every mode. So MRR per expanded target = mean over the two questions of
 * 1/rank when rank ≤ topK, else 0.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSuite } from '../../config/index.ts';
import { type LocalBackend, startLocalBackend } from '../../local/index.ts';
import { runSuite } from '../../runner/run-suite.ts';
import { openStore } from '../../store/index.ts';
import { ClientPool } from '../clients.ts';
import { closeIndexDbs } from './index-db.ts';

let backend: LocalBackend;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-rag-suite-'));
  process.env.EVALGATE_INDEX_DIR = join(dir, 'index');
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
});
afterAll(async () => {
  await closeIndexDbs();
  await backend.close();
  await rm(dir, { recursive: true, force: true });
});

const QUESTIONS = [
  { id: 'warranty', question: 'solar panel warranty', relevant: [{ doc: 'energy/warranty', grade: 2 }] },
  {
    id: 'sizing',
    question: 'How many modules does a small house need?',
    relevant: [{ doc: 'energy/solar-sizing', grade: 2 }],
  },
];

const SUITE = `name: rag-sweep
datasets: [{ path: questions.jsonl }]
prompt: { version: '1', template: '{{question}}' }
targets:
  - id: rag
    api: rag-pipeline
    rag:
      corpus: ${resolve('test/fixtures/rag-mini')}
      chunking: { strategy: fixed, size: 2000 }
      embedding: { model: amazon.titan-embed-text-v2:0, dimensions: 256 }
      generate: false
    sweep:
      rag.retrieval.mode: [vector, bm25, hybrid]
      rag.retrieval.topK: [1, 5]
  - id: rag-gen
    api: rag-pipeline
    model: amazon.nova-lite-v1:0
    rag:
      corpus: ${resolve('test/fixtures/rag-mini')}
      chunking: { strategy: fixed, size: 2000 }
      embedding: { model: amazon.titan-embed-text-v2:0, dimensions: 256 }
      retrieval: { mode: hybrid, topK: 2 }
scorers:
  - { type: retrieval, k: [1, 5], metrics: [precision, mrr] }
gate:
  candidate: rag.mode-bm25.topK1
  baseline: rag.mode-vector.topK5
  rules: [{ metric: mrr, min: 0.9 }]
`;

it('runs every expanded candidate through the real runner and stores retrieval metrics per configuration', async () => {
  await writeFile(join(dir, 'questions.jsonl'), `${QUESTIONS.map((q) => JSON.stringify(q)).join('\n')}\n`);
  await writeFile(join(dir, 'rag.yaml'), SUITE);
  const loaded = await loadSuite(join(dir, 'rag.yaml'), { knownModels: new Set(['amazon.nova-lite-v1:0']) });
  const store = await openStore(join(dir, 'evalgate.duckdb'));
  const clients = new ClientPool({ kind: 'local', endpoint: backend.url, region: 'us-east-1' });
  backend.resetStats();
  try {
    const { runId, counts } = await runSuite({ loaded, store, clients, backendLabel: 'local (test)' });
    expect(counts).toMatchObject({ cases: 2 });
    const results = await store.listResults(runId);
    expect(results.filter((r) => r.status !== 'ok')).toEqual([]);
    expect(results).toHaveLength(14); // (6 swept + 1) targets × 2 cases

    const scores = await store.listScores(runId);
    const mean = (target: string, metric: string) => {
      const values = scores.filter((s) => s.targetId === target && s.metric === metric).map((s) => s.value);
      expect(values).toHaveLength(2);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    expect(mean('rag.mode-vector.topK1', 'mrr')).toBe(0.5); // (0 + 1) / 2
    expect(mean('rag.mode-vector.topK5', 'mrr')).toBe(0.625); // (1/4 + 1) / 2
    expect(mean('rag.mode-bm25.topK1', 'mrr')).toBe(1);
    expect(mean('rag.mode-bm25.topK5', 'mrr')).toBe(1);
    expect(mean('rag.mode-hybrid.topK1', 'mrr')).toBe(0.5); // warranty is 2nd: cut by topK 1
    expect(mean('rag.mode-hybrid.topK5', 'mrr')).toBe(0.75); // (1/2 + 1) / 2
    expect(mean('rag.mode-bm25.topK1', 'precision@1')).toBe(1);
    expect(mean('rag.mode-vector.topK5', 'precision@5')).toBe(0.2); // one relevant document in 5, per question

    // the run record keeps each candidate's sweep origin and parameters, for the report's ranking
    const run = await store.getRun(runId);
    const cfg = run?.config as { targets: Array<{ id: string; sweepOf?: string; params?: unknown }> };
    expect(cfg.targets.find((t) => t.id === 'rag.mode-hybrid.topK5')).toMatchObject({
      sweepOf: 'rag',
      params: { 'rag.retrieval.mode': 'hybrid', 'rag.retrieval.topK': 5 },
    });
    expect(run?.targets.find((t) => t.id === 'rag.mode-bm25.topK1')?.kind).toBe('rag-pipeline');

    // one index (same chunking + embedding) built once: 5 chunks, then one query embedding per vector/hybrid call
    const titan = backend.stats().models['amazon.titan-embed-text-v2:0'];
    expect(titan?.requests).toBe(5 + 2 * 4 + 2);
    const gen = results.find((r) => r.targetId === 'rag-gen' && r.caseId === 'sizing');
    expect(gen?.outputText).toBe('A solar panel array for a small house needs eight modules.');
  } finally {
    clients.destroy();
    await store.close();
  }
});
