/**
 * RAG pipeline figures: index 10,000 chunks (a synthetic corpus of 1,000 documents × 10 chunks of 400 characters,
 * Titan v2 embeddings at 1,024 dimensions through InvokeModel, stored in a temp DuckDB index file), answer 1,000
 * hybrid retrieval queries (query embedding + `array_cosine_similarity` in DuckDB + BM25 + RRF) at concurrency 4
 * (the runner's default per target, and the index's search connections),
 * then load the same index again from the file (cache hit: no embedding call). The local backend runs in its own
 * process with zero model latency, so the figures measure evalgate's side.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TargetResponse } from '../src/core/types.ts';
import { ClientPool } from '../src/targets/clients.ts';
import { mapLimit } from '../src/targets/rag/embed.ts';
import { closeIndexDbs } from '../src/targets/rag/index-db.ts';
import { RagSchema } from '../src/targets/rag/schema.ts';
import { createTarget } from '../src/targets/registry.ts';
import type { TargetSpec } from '../src/targets/types.ts';
import { startBackendProcess } from './_backend-process.ts';
import { figure, localBackend, note, withTempDir } from './_util.ts';

export interface RagBenchOptions {
  docs?: number;
  queries?: number;
  concurrency?: number;
}

const CHUNK = 400;
const CHUNKS_PER_DOC = 10;
const TITAN = 'amazon.titan-embed-text-v2:0';

/** Deterministic words: a small PRNG over a vocabulary of 2,000 synthetic terms. */
function _words(seed: number): () => string {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const syllables = ['ka', 'lo', 'mi', 'ren', 'sto', 'va', 'quo', 'tix', 'bel', 'dur', 'an', 'eph'];
  const vocab = Array.from({ length: 2000 }, (_, i) => {
    let w = '';
    for (let n = i + 7; n > 0; n = Math.floor(n / syllables.length)) w += syllables[n % syllables.length];
    return w;
  });
  return () => vocab[Math.floor(next() ** 2 * vocab.length)] as string;
}

/** `docs` files of exactly CHUNK × CHUNKS_PER_DOC characters (10 fixed windows each); returns sample queries. */
async function _corpus(dir: string, docs: number, queries: number): Promise<string[]> {
  const word = _words(42);
  const samples: string[] = [];
  for (let d = 0; d < docs; d++) {
    let text = '';
    while (text.length < CHUNK * CHUNKS_PER_DOC) text += `${word()} `;
    text = `${text.slice(0, CHUNK * CHUNKS_PER_DOC - 1)}.`;
    const folder = join(dir, `area-${d % 10}`);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, `doc-${String(d).padStart(4, '0')}.txt`), text);
    if (samples.length < queries) samples.push(text.slice((d * 37) % 3000, ((d * 37) % 3000) + 60).trim());
  }
  while (samples.length < queries) samples.push(samples[samples.length % docs] ?? 'ka lo mi');
  return samples;
}

function _target(corpus: string, clients: ClientPool) {
  const rag = RagSchema.parse({
    corpus,
    chunking: { strategy: 'fixed', size: CHUNK },
    embedding: { model: TITAN, dimensions: 1024 },
    retrieval: { mode: 'hybrid', topK: 5, candidates: 20 },
    generate: false,
  });
  return createTarget({ id: 'bench-rag', api: 'rag-pipeline', model: TITAN, rag } as TargetSpec, clients);
}

const _raw = (r: TargetResponse) =>
  r.raw as { indexWaitMs: number; index: { chunks: number; built: boolean } };

function _pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export async function benchRag(o: RagBenchOptions = {}): Promise<void> {
  const docs = o.docs ?? 1000;
  const queries = o.queries ?? 1000;
  const concurrency = o.concurrency ?? 4;
  const backend = await startBackendProcess({ latencyScale: 0 });
  const previousDir = process.env.EVALGATE_INDEX_DIR;
  try {
    await withTempDir('rag', async (dir) => {
      process.env.EVALGATE_INDEX_DIR = join(dir, 'index');
      const corpus = join(dir, 'corpus');
      const samples = await _corpus(corpus, docs, queries);

      // index time = reading + chunking the corpus (target creation) + embedding + storing (first call's wait)
      const clients = new ClientPool(localBackend(backend.url));
      const c0 = performance.now();
      const target = _target(corpus, clients);
      const createMs = performance.now() - c0;
      const first = await target.invoke({ prompt: samples[0] ?? '' }, new AbortController().signal);
      const chunks = _raw(first).index.chunks;
      const indexS = (createMs + _raw(first).indexWaitMs) / 1000;

      const latencies: number[] = [];
      const t0 = performance.now();
      await mapLimit(samples, concurrency, async (q) => {
        const started = performance.now();
        await target.invoke({ prompt: q }, new AbortController().signal);
        latencies.push(performance.now() - started);
      });
      const queryS = (performance.now() - t0) / 1000;
      latencies.sort((a, b) => a - b);
      clients.destroy();

      await backend.resetStats();
      const again = new ClientPool(localBackend(backend.url));
      const r0 = performance.now();
      const reloadTarget = _target(corpus, again);
      const reCreateMs = performance.now() - r0;
      const reloaded = await reloadTarget.invoke({ prompt: samples[1] ?? '' }, new AbortController().signal);
      const embeddingCalls = (await backend.stats()).models[TITAN]?.requests ?? 0;
      again.destroy();
      note(
        `rag: ${docs} docs, ${chunks} chunks, hybrid top 5 of 20 at concurrency ${concurrency}; the reindex loaded ` +
          `${_raw(reloaded).index.chunks} chunks from the file and made ${embeddingCalls} embedding call(s): its query's`,
      );
      figure('rag_index_chunks', chunks);
      figure('rag_index_s', indexS);
      figure('rag_index_chunks_per_s', chunks / indexS);
      figure('rag_queries', latencies.length);
      figure('rag_query_p50_ms', _pct(latencies, 50));
      figure('rag_query_p99_ms', _pct(latencies, 99));
      figure('rag_queries_per_s', latencies.length / queryS);
      figure('rag_reindex_s', (reCreateMs + _raw(reloaded).indexWaitMs) / 1000);
      await closeIndexDbs();
    });
  } finally {
    if (previousDir === undefined) delete process.env.EVALGATE_INDEX_DIR;
    else process.env.EVALGATE_INDEX_DIR = previousDir;
    await backend.close();
  }
}
