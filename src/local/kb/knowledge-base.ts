/**
 * One local knowledge base: its chunks, a sparse inverted index of their hashed embeddings (cosine search
 * without scanning every dimension) and a BM25 index. Built once per registration, kept in memory.
 *
 * Scores: SEMANTIC = (1 + cosine) / 2 (in [0, 1], as OpenSearch reports cosine similarity); HYBRID = reciprocal
 * rank fusion (k = 60) of the cosine ranking and the BM25 ranking, each cut at max(100, 10 × numberOfResults),
 * divided by 2/61 so a chunk ranked first by both scores 1. Ties: chunk order (document path, then position).
 */
import { Bm25, hashedEmbedding, reciprocalRankFusion } from '../../textkit/index.ts';
import type { KnowledgeBaseConfig } from './config.ts';
import { loadCorpus } from './corpus.ts';
import { compileFilter, type RetrievalFilter } from './filter.ts';

export const EMBEDDING_DIMS = 1024;
/** The S3 bucket a local knowledge base's documents are said to live in: one per knowledge base, as a data source. */
export function s3Bucket(kbId: string): string {
  return `evalgate-local-kb-${kbId.toLowerCase()}`;
}
export const DATA_SOURCE_ID = 'local';

export interface KbChunk {
  /** Position in the knowledge base (document path order, then chunk order). */
  index: number;
  /** Stable id: `<document id>#<chunk number in the document>`. */
  chunkId: string;
  docId: string;
  /** Relative path with extension. */
  path: string;
  uri: string;
  text: string;
  /** Offsets into the source file (front matter included). */
  start: number;
  end: number;
  heading?: string;
  /** Front matter + `x-amz-bedrock-kb-source-uri`, `-chunk-id`, `-data-source-id`. */
  metadata: Record<string, unknown>;
}

export type SearchType = 'SEMANTIC' | 'HYBRID';

export interface SearchOptions {
  numberOfResults: number;
  searchType: SearchType;
  filter?: RetrievalFilter;
}

export interface Hit {
  chunk: KbChunk;
  score: number;
}

interface _Posting {
  chunks: Uint32Array;
  values: Float32Array;
}

/** Indices of the top `k` scores (score descending, index ascending), among allowed (and positive) entries. */
function _topK(
  scores: Float64Array,
  allowed: Uint8Array | undefined,
  k: number,
  positiveOnly = false,
): number[] {
  const top: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (allowed && !allowed[i]) continue;
    const s = scores[i] ?? 0;
    if (positiveOnly && s <= 0) continue;
    if (top.length === k && s <= (scores[top[k - 1]!] ?? 0)) continue;
    let at = top.length;
    while (at > 0 && (scores[top[at - 1]!] ?? 0) < s) at--;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}

export class KnowledgeBase {
  readonly chunks: KbChunk[] = [];
  readonly documents: number;
  readonly buildMs: number;
  private readonly postings: _Posting[] = [];
  private readonly bm25 = new Bm25();
  private readonly byChunkId = new Map<string, number>();
  private readonly masks = new Map<string, Uint8Array>();

  constructor(
    readonly id: string,
    readonly config: KnowledgeBaseConfig,
  ) {
    const t0 = performance.now();
    const docs = loadCorpus(config.corpusDir, config.chunking);
    this.documents = docs.length;
    const lists: Array<{ chunks: number[]; values: number[] }> = Array.from(
      { length: EMBEDDING_DIMS },
      () => ({
        chunks: [],
        values: [],
      }),
    );
    for (const doc of docs) {
      const uri = `s3://${s3Bucket(id)}/${doc.path}`;
      doc.chunks.forEach((c, n) => {
        const index = this.chunks.length;
        const chunkId = `${doc.id}#${n}`;
        const metadata = {
          ...doc.meta,
          'x-amz-bedrock-kb-source-uri': uri,
          'x-amz-bedrock-kb-chunk-id': chunkId,
          'x-amz-bedrock-kb-data-source-id': DATA_SOURCE_ID,
        };
        const chunk: KbChunk = {
          index,
          chunkId,
          docId: doc.id,
          path: doc.path,
          uri,
          text: c.text,
          start: c.start,
          end: c.end,
          metadata,
        };
        if (c.heading !== undefined) chunk.heading = c.heading;
        this.chunks.push(chunk);
        this.byChunkId.set(chunkId, index);
        const indexed = c.heading ? `${c.heading}\n${c.text}` : c.text;
        this.bm25.add(chunkId, indexed);
        const v = hashedEmbedding(indexed, EMBEDDING_DIMS);
        for (let b = 0; b < v.length; b++) {
          const x = v[b] ?? 0;
          if (x === 0) continue;
          lists[b]!.chunks.push(index);
          lists[b]!.values.push(x);
        }
      });
    }
    for (const l of lists)
      this.postings.push({ chunks: Uint32Array.from(l.chunks), values: Float32Array.from(l.values) });
    this.buildMs = performance.now() - t0;
  }

  /** Cosine similarity of the query with every chunk (unit vectors, so the dot product). */
  private cosines(query: string): Float64Array {
    const scores = new Float64Array(this.chunks.length);
    const q = hashedEmbedding(query, EMBEDDING_DIMS);
    for (let b = 0; b < q.length; b++) {
      const w = q[b] ?? 0;
      if (w === 0) continue;
      const p = this.postings[b]!;
      for (let i = 0; i < p.chunks.length; i++) scores[p.chunks[i]!]! += w * (p.values[i] ?? 0);
    }
    return scores;
  }

  /** Chunks a filter accepts; the last 32 distinct filters' masks are cached (evaluations reuse a few filters). */
  private allowed(filter: RetrievalFilter | undefined): Uint8Array | undefined {
    if (!filter) return undefined;
    const key = JSON.stringify(filter);
    const cached = this.masks.get(key);
    if (cached) return cached;
    const accept = compileFilter(filter);
    const mask = new Uint8Array(this.chunks.length);
    for (let i = 0; i < mask.length; i++) mask[i] = accept(this.chunks[i]!.metadata) ? 1 : 0;
    if (this.masks.size >= 32) this.masks.delete(this.masks.keys().next().value ?? '');
    this.masks.set(key, mask);
    return mask;
  }

  search(query: string, opts: SearchOptions): Hit[] {
    const allowed = this.allowed(opts.filter);
    const cos = this.cosines(query);
    const k = opts.numberOfResults;
    if (opts.searchType === 'SEMANTIC') {
      return _topK(cos, allowed, k).map((i) => ({ chunk: this.chunks[i]!, score: (1 + (cos[i] ?? 0)) / 2 }));
    }
    const depth = Math.max(100, 10 * k);
    const semantic = _topK(cos, allowed, depth).map((i) => ({ id: this.chunks[i]!.chunkId }));
    const lexical = _topK(this.bm25.scoreArray(query), allowed, depth, true).map((i) => ({
      id: this.chunks[i]!.chunkId,
    }));
    const fused = reciprocalRankFusion([semantic, lexical]);
    const order = (id: string): number => this.byChunkId.get(id) ?? 0;
    fused.sort((a, b) => b.score - a.score || order(a.id) - order(b.id));
    return fused.slice(0, k).map((r) => ({ chunk: this.chunks[order(r.id)]!, score: (r.score * 61) / 2 }));
  }
}
