/**
 * The rag-pipeline target against the local backend (real SDK clients, HTTP/2): retrieval modes on the rag-mini
 * corpus (five one-chunk documents), retrieval-only mode, generation, rerank, the DuckDB index cache (counted
 * with the backend's stats), one shared build under concurrency, and throttles.
 *
 * rag-mini, query "solar panel warranty": "solar panel" is in three documents, "warranty" in one.
 * - vector (local embedding = hashed words + bigrams, no IDF): the documents with "solar panel" and its bigram
 *   come first, solar-cleaning (which says "solar panel" twice) best; warranty 4th; tomatoes shares no word (0).
 * - bm25 (IDF): the rare "warranty" wins; solar-install and solar-sizing tie (same length, same terms) and keep
 *   document order; tomatoes matches nothing and is not returned.
 * - hybrid: RRF with k = 60 of those two lists, computed by hand below.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target, TargetResponse } from '../../core/types.ts';
import { type LocalBackend, startLocalBackend } from '../../local/index.ts';
import { cosine, hashedEmbedding } from '../../textkit/index.ts';
import { ClientPool } from '../clients.ts';
import { createTarget } from '../registry.ts';
import type { TargetSpec } from '../types.ts';
import { ensureIndex } from './build.ts';
import { chunkCorpus, readCorpus } from './corpus.ts';
import { closeIndexDbs, indexFilePath, openIndexDb } from './index-db.ts';
import { RagSchema, resolveEmbedding } from './schema.ts';

const MINI = resolve('test/fixtures/rag-mini');
const TITAN = 'amazon.titan-embed-text-v2:0';
const QUERY = 'solar panel warranty';
let backend: LocalBackend;
let indexDir: string;
const pools: ClientPool[] = [];
let seq = 0;

beforeAll(async () => {
  indexDir = mkdtempSync(join(tmpdir(), 'evalgate-rag-index-'));
  process.env.EVALGATE_INDEX_DIR = indexDir;
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
});
afterAll(async () => {
  for (const p of pools) p.destroy();
  await closeIndexDbs();
  await backend.close();
  await rm(indexDir, { recursive: true, force: true });
});

function pool(): ClientPool {
  const p = new ClientPool({ kind: 'local', endpoint: backend.url, region: 'us-east-1' });
  pools.push(p);
  return p;
}

function target(
  rag: Record<string, unknown>,
  clients = pool(),
  model: string | undefined = 'amazon.nova-lite-v1:0',
) {
  const full = {
    corpus: MINI,
    chunking: { strategy: 'fixed', size: 2000 },
    embedding: { model: TITAN, dimensions: 512 },
    ...rag,
  };
  const spec = { id: `rag${++seq}`, api: 'rag-pipeline', model, rag: RagSchema.parse(full) };
  return createTarget(spec as TargetSpec, clients);
}

const ask = (t: Target, prompt = QUERY): Promise<TargetResponse> =>
  t.invoke({ prompt }, new AbortController().signal);
const docs = (r: TargetResponse) => r.retrieved?.map((c) => c.docId);
const requests = (model: string) => backend.stats().models[model]?.requests ?? 0;

describe('retrieval modes on rag-mini', () => {
  it('vector: cosine of the embeddings, computed in DuckDB', async () => {
    const r = await ask(
      target({ retrieval: { mode: 'vector', topK: 5 }, generate: false }, pool(), undefined),
    );
    expect(docs(r)).toEqual([
      'energy/solar-cleaning',
      'energy/solar-sizing',
      'energy/solar-install',
      'energy/warranty',
      'garden/tomatoes',
    ]);
    const q = hashedEmbedding(QUERY, 512);
    for (const c of r.retrieved ?? [])
      expect(c.score).toBeCloseTo(cosine(q, hashedEmbedding(c.text, 512)), 5);
    expect(r.retrieved?.[4]?.score).toBe(0);
  });

  it('vector: a query equal to a chunk finds it with cosine 1', async () => {
    const text = readFileSync(join(MINI, 'garden/tomatoes.txt'), 'utf8').trim();
    const r = await ask(
      target({ retrieval: { mode: 'vector', topK: 1 }, generate: false }, pool(), undefined),
      text,
    );
    expect(docs(r)).toEqual(['garden/tomatoes']);
    expect(r.retrieved?.[0]?.score).toBeCloseTo(1, 5);
  });

  it('bm25: the rare term wins, ties keep document order, non-matching documents are left out', async () => {
    const r = await ask(target({ retrieval: { mode: 'bm25', topK: 5 }, generate: false }, pool(), undefined));
    expect(docs(r)).toEqual([
      'energy/warranty',
      'energy/solar-cleaning',
      'energy/solar-install',
      'energy/solar-sizing',
    ]);
    expect(r.retrieved?.[2]?.score).toBe(r.retrieved?.[3]?.score);
    expect(r.raw).toMatchObject({ retrieval: { mode: 'bm25', bm25: 4 } });
  });

  it('hybrid: reciprocal rank fusion (k = 60) of the vector and bm25 lists', async () => {
    const r = await ask(
      target({ retrieval: { mode: 'hybrid', topK: 5 }, generate: false }, pool(), undefined),
    );
    // ranks (vector, bm25): cleaning (1,2), warranty (4,1), sizing (2,4), install (3,3), tomatoes (5,-)
    expect(docs(r)).toEqual([
      'energy/solar-cleaning',
      'energy/warranty',
      'energy/solar-sizing',
      'energy/solar-install',
      'garden/tomatoes',
    ]);
    const expected = [1 / 61 + 1 / 62, 1 / 64 + 1 / 61, 1 / 62 + 1 / 64, 1 / 63 + 1 / 63, 1 / 65];
    expect(r.retrieved?.map((c) => c.score)).toHaveLength(5);
    for (const [i, c] of (r.retrieved ?? []).entries())
      expect(c.score).toBeCloseTo(expected[i] as number, 12);
  });

  it('topK cuts the final list; candidates bound each retriever', async () => {
    const r = await ask(
      target({ retrieval: { mode: 'hybrid', topK: 2, candidates: 2 }, generate: false }, pool(), undefined),
    );
    // vector top 2: cleaning, sizing; bm25 top 2: warranty, cleaning → cleaning 1/61+1/62, warranty 1/61,
    // sizing 1/62; the fused list is cut to `candidates` (2) too
    expect(docs(r)).toEqual(['energy/solar-cleaning', 'energy/warranty']);
    expect(r.raw).toMatchObject({ retrieval: { vector: 2, bm25: 2, fused: 2 } });
  });
});

describe('retrieval-only, generation, rerank', () => {
  it('retrieval-only: chunks with span, location and metadata; no generation call, no text', async () => {
    const before = requests('amazon.nova-lite-v1:0');
    const r = await ask(target({ retrieval: { mode: 'bm25', topK: 1 }, generate: false }, pool(), undefined));
    expect(requests('amazon.nova-lite-v1:0')).toBe(before);
    expect(r.text).toBeUndefined();
    expect(r.usage).toBeUndefined();
    const c = r.retrieved?.[0];
    const file = readFileSync(join(MINI, 'energy/warranty.md'), 'utf8');
    expect(c?.location).toBe('energy/warranty.md');
    expect(c?.metadata).toEqual({ title: 'Warranty', area: 'energy' });
    expect(c?.span?.start).toBe(file.indexOf('# Warranty'));
    expect(file.slice(c?.span?.start, c?.span?.end)).toBe(c?.text);
  });

  it('generation: Converse over the numbered passages answers from the retrieved chunk', async () => {
    const r = await ask(
      target({ retrieval: { mode: 'hybrid', topK: 2 } }),
      'How long does the warranty last?',
    );
    expect(docs(r)?.[0]).toBe('energy/warranty');
    expect(r.text).toBe('The warranty lasts ten years and covers inverter faults.');
    expect(r.usage?.outputTokens).toBe(14); // ceil(56 characters / 4)
    expect(r.stopReason).toBe('end_turn');
    expect(r.raw).toMatchObject({ embeddingTokens: 8 }); // Titan counts ceil(32 / 4) for the query
  });

  it('a custom prompt with {{#each passages}}', async () => {
    const prompt = '{{#each passages}}[{{n}}] {{text}}\n{{/each}}\nQuestion: {{query}}';
    const r = await ask(
      target({ retrieval: { mode: 'bm25', topK: 1 }, prompt }),
      'How long does the warranty last?',
    );
    expect(r.text).toBe('The warranty lasts ten years and covers inverter faults.');
  });

  it('rerank: the Rerank API reorders the candidates and its relevance scores are kept', async () => {
    const before = requests('amazon.rerank-v1:0');
    const t = target(
      { retrieval: { mode: 'bm25', topK: 3 }, rerank: { model: 'amazon.rerank-v1:0' }, generate: false },
      pool(),
      undefined,
    );
    const r = await ask(t);
    expect(requests('amazon.rerank-v1:0')).toBe(before + 1);
    expect(r.retrieved).toHaveLength(3);
    const scores = (r.retrieved ?? []).map((c) => c.score ?? -1);
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(r.raw).toMatchObject({ retrieval: { bm25: 4, reranked: 3 } });
  });
});

describe('cohere embeddings', () => {
  it('cohere: documents in batches of up to 96 texts (search_document), the query alone (search_query)', async () => {
    const cohere = 'cohere.embed-english-v3';
    const before = requests(cohere);
    const rag = {
      chunking: { strategy: 'fixed', size: 2 },
      embedding: { model: cohere },
      retrieval: { mode: 'vector', topK: 2 },
    };
    const r = await ask(target({ ...rag, generate: false }, pool(), undefined), 'dusty');
    const chunks = (r.raw as { index: { chunks: number } }).index.chunks;
    expect(chunks).toBeGreaterThan(96);
    expect(requests(cohere)).toBe(before + Math.ceil(chunks / 96) + 1);
    expect(r.retrieved).toHaveLength(2);
  });
});

describe('the index cache', () => {
  it('a second build of the same configuration (new pool, same file) makes no embedding call', async () => {
    const rag = {
      chunking: { strategy: 'sentence', size: 60 },
      retrieval: { mode: 'vector', topK: 3 },
      generate: false,
    };
    const before = requests(TITAN);
    const first = await ask(target(rag, pool(), undefined));
    const chunks = (first.raw as { index: { chunks: number } }).index.chunks;
    // sentences packed into ≤ 60 characters: two chunks per document. solar-cleaning: its heading fits with the
    // first sentence (59 characters), then the second sentence; the other .md files: the heading line alone, then
    // the sentence (together > 60); tomatoes: two sentences (66 characters together)
    expect(chunks).toBe(10);
    expect(requests(TITAN)).toBe(before + chunks + 1); // every chunk, then the query
    const second = await ask(target(rag, pool(), undefined));
    expect(requests(TITAN)).toBe(before + chunks + 2); // the query only
    expect(second.raw).toMatchObject({ index: { built: false, chunks } });
    expect(second.retrieved).toEqual(first.retrieved);
    const db = await openIndexDb(indexFilePath());
    expect(db.file).toBe(join(indexDir, 'rag-index.duckdb'));
  });

  it('concurrent cases and targets sharing chunking + embedding share one build', async () => {
    const clients = pool();
    const chunking = { strategy: 'fixed', size: 30, overlap: 5 };
    const a = target(
      { chunking, retrieval: { mode: 'vector', topK: 3 }, generate: false },
      clients,
      undefined,
    );
    const b = target(
      { chunking, retrieval: { mode: 'hybrid', topK: 1 }, generate: false },
      clients,
      undefined,
    );
    const before = requests(TITAN);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i % 2 ? a : b)));
    const chunks = (results[0]?.raw as { index: { chunks: number } } | undefined)?.index.chunks ?? 0;
    // bodies of 94, 74, 69, 69 and 67 characters: ⌈(L − 30) / 25⌉ + 1 windows of 30 = 4 + 3 + 3 + 3 + 3
    expect(chunks).toBe(16);
    expect(requests(TITAN)).toBe(before + chunks + 20);
  });

  it('a case aborted while the index builds gives up at once; the build goes on for the next case', async () => {
    const clients = pool();
    const t = target(
      { chunking: { strategy: 'fixed', size: 45 }, retrieval: { mode: 'vector', topK: 1 }, generate: false },
      clients,
      undefined,
    );
    backend.setFaults({ latencyScale: 0, latency: { kind: 'fixed', ms: 200 } });
    try {
      const before = requests(TITAN);
      const ac = new AbortController();
      const first = t.invoke({ prompt: QUERY }, ac.signal);
      setTimeout(() => ac.abort(new Error('attempt timed out')), 20);
      const t0 = performance.now();
      await expect(first).rejects.toThrow('attempt timed out');
      expect(performance.now() - t0).toBeLessThan(150);
      const r = await ask(t);
      const chunks = (r.raw as { index: { chunks: number } }).index.chunks;
      expect(requests(TITAN)).toBe(before + chunks + 1); // one build, then the second case's query
    } finally {
      backend.setFaults({ latencyScale: 0 });
    }
  });

  it('throttled indexing calls are retried by the SDK; a throttled case call propagates', async () => {
    const clients = pool();
    const rag = RagSchema.parse({
      corpus: MINI,
      chunking: { strategy: 'fixed', size: 200 },
      embedding: { model: TITAN, dimensions: 512 },
      retrieval: { mode: 'vector', topK: 1 },
      generate: false,
    });
    const t = createTarget(
      { id: 'throttled', api: 'rag-pipeline', model: TITAN, rag } as TargetSpec,
      clients,
    );
    const docs = readCorpus(MINI);
    const chunks = chunkCorpus(docs, rag.chunking).length;
    backend.setFaults({ latencyScale: 0, seed: 7, throttleRate: 0.3 });
    try {
      const before = backend.stats().models[TITAN] ?? { ok: 0, throttled: 0 };
      const cfg = { corpusDir: MINI, docs, chunking: rag.chunking, embedding: resolveEmbedding(rag) };
      const index = await ensureIndex(clients, cfg);
      const after = backend.stats().models[TITAN] ?? { ok: 0, throttled: 0 };
      expect(index.built).toBe(true);
      expect(after.ok - before.ok).toBe(chunks); // every chunk embedded once in the end
      expect(after.throttled - before.throttled).toBeGreaterThan(0); // … after throttles the SDK retried
      backend.setFaults({ latencyScale: 0, throttleRate: 1 });
      await expect(ask(t)).rejects.toMatchObject({ name: 'ThrottlingException' });
    } finally {
      backend.setFaults({ latencyScale: 0 });
    }
    expect((await ask(t)).retrieved).toHaveLength(1); // the same index, now reachable
  });
});
