/**
 * Index once per configuration, then reuse. The key is a sha256 over (corpus file names + contents, chunking,
 * embedding model + dimensions, backend kind + region); a key already in the index file is loaded with no
 * embedding call. Concurrent cases (and targets sharing chunking + embedding) share one build per ClientPool.
 * Indexing calls go through a dedicated client with the SDK's own retry (standard mode, 8 attempts: throttles back
 * off from 500 ms; the runner retries only per-case calls).
 */
import { createHash } from 'node:crypto';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { fromIni } from '@aws-sdk/credential-providers';
import { Bm25 } from '../../textkit/index.ts';
import { sdkClientOptions } from '../backend.ts';
import type { ClientPool } from '../clients.ts';
import { type CorpusDoc, chunkCorpus, type IndexChunk } from './corpus.ts';
import { embedDocuments } from './embed.ts';
import { indexFilePath, openIndexDb } from './index-db.ts';
import type { RagChunking, ResolvedEmbedding } from './schema.ts';

/** Bump when chunking or storage changes meaning, so old indexes stop matching. */
const INDEX_VERSION = 1;
/** SDK attempts per indexing call (the first included). */
export const INDEX_MAX_ATTEMPTS = 8;
/** Embedding calls in flight while indexing (Titan: texts; Cohere: batches of 96). */
export const INDEX_CONCURRENCY = 16;

export interface IndexConfig {
  /** Absolute corpus folder (recorded with the index, not part of its key: contents are). */
  corpusDir: string;
  docs: readonly CorpusDoc[];
  chunking: RagChunking;
  embedding: ResolvedEmbedding | undefined;
  region?: string;
}

export interface RagIndex {
  key: string;
  file: string;
  chunks: readonly IndexChunk[];
  bm25: Bm25;
  /** True when this call built the index (embedding calls were made); false when it was loaded. */
  built: boolean;
  embeddingTokens: number | undefined;
}

/** Zero-padded ord: ids sort like ords, so the id tie-break of BM25 and RRF is document order. */
export function chunkId(ord: number): string {
  return String(ord).padStart(9, '0');
}

function _region(pool: ClientPool, region: string | undefined): string {
  const b = pool.backend;
  return region ?? b.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? '';
}

/** The index key of a configuration (hex sha256). */
export function indexKey(cfg: IndexConfig, backendKind: string, region: string): string {
  const e = cfg.embedding;
  const text = JSON.stringify({
    v: INDEX_VERSION,
    files: cfg.docs.map((d) => [d.path, d.sha256]),
    chunking: {
      ...cfg.chunking,
      unit: cfg.chunking.strategy === 'fixed' ? (cfg.chunking.unit ?? 'chars') : null,
    },
    embedding: e ? { model: e.model, dimensions: e.dimensions } : null,
    backend: backendKind,
    region,
  });
  return createHash('sha256').update(text).digest('hex');
}

function _indexClient(pool: ClientPool, region: string | undefined): BedrockRuntimeClient {
  const b = pool.backend;
  const options = sdkClientOptions(b, region, INDEX_MAX_ATTEMPTS);
  const profile = b.kind === 'aws' ? b.profile : undefined;
  return new BedrockRuntimeClient(profile ? { ...options, credentials: fromIni({ profile }) } : options);
}

async function _build(pool: ClientPool, cfg: IndexConfig, key: string, file: string): Promise<RagIndex> {
  const db = await openIndexDb(file);
  let chunks = await db.load(key);
  let built = false;
  let embeddingTokens: number | undefined;
  if (!chunks) {
    chunks = chunkCorpus(cfg.docs, cfg.chunking);
    const e = cfg.embedding;
    let vectors: Float32Array[] | undefined;
    if (e && chunks.length > 0) {
      const client = _indexClient(pool, cfg.region);
      try {
        const out = await embedDocuments(
          client,
          e,
          chunks.map((c) => c.text),
          INDEX_CONCURRENCY,
        );
        vectors = out.vectors;
        embeddingTokens = out.tokens;
      } finally {
        client.destroy();
      }
    }
    const region = _region(pool, cfg.region);
    await db.save(
      {
        key,
        corpus: cfg.corpusDir,
        chunking: cfg.chunking,
        embeddingModel: e?.model ?? null,
        dimensions: e?.dimensions ?? null,
        backend: `${pool.backend.kind}:${region}`,
        embeddingTokens: embeddingTokens ?? null,
      },
      chunks,
      vectors,
    );
    built = true;
  }
  const bm25 = new Bm25();
  for (const c of chunks) bm25.add(chunkId(c.ord), c.text);
  return { key, file, chunks, bm25, built, embeddingTokens };
}

const _builds = new WeakMap<ClientPool, Map<string, Promise<RagIndex>>>();

/** The index of `cfg`: built (or loaded) once per pool and key; concurrent callers share the same promise. */
export function ensureIndex(pool: ClientPool, cfg: IndexConfig): Promise<RagIndex> {
  const file = indexFilePath();
  const key = indexKey(cfg, pool.backend.kind, _region(pool, cfg.region));
  let byKey = _builds.get(pool);
  if (!byKey) {
    byKey = new Map();
    _builds.set(pool, byKey);
  }
  const memo = `${file}\u0000${key}`;
  let p = byKey.get(memo);
  if (!p) {
    p = _build(pool, cfg, key, file);
    byKey.set(memo, p);
    p.catch(() => byKey.delete(memo)); // a failed build is tried again by the next case
  }
  return p;
}
