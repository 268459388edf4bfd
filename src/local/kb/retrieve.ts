/** Retrieval on a local knowledge base: search, then optional reranking, plus the simulated time it takes. */
import { rerankScores } from '../models/rerank.ts';
import type { Hit, KnowledgeBase } from './knowledge-base.ts';
import type { RetrievalOptions } from './request.ts';

/** Simulated vector-store time: 20 ms + 0.002 ms per indexed chunk (before latencyScale). */
export function retrievalMs(kb: KnowledgeBase, opts: RetrievalOptions, candidates: number): number {
  const search = 20 + 0.002 * kb.chunks.length;
  const rerank = opts.rerank
    ? opts.rerank.model.latency.baseMs + opts.rerank.model.latency.perDocumentMs * candidates
    : 0;
  return search + rerank;
}

/**
 * `numberOfResults` chunks by the search type; with reranking, those candidates are re-scored by the local
 * reranker (score = its relevance score, ties keep the search order) and cut to `numberOfRerankedResults`.
 */
export function runRetrieval(kb: KnowledgeBase, query: string, opts: RetrievalOptions): Hit[] {
  const hits = kb.search(query, opts.search);
  if (!opts.rerank) return hits;
  const scores = rerankScores(
    opts.rerank.model,
    query,
    hits.map((h) => h.chunk.text),
  );
  return hits
    .map((h, i) => ({ hit: h, i, score: scores[i] ?? 0 }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, opts.rerank.numberOfRerankedResults ?? hits.length)
    .map(({ hit, score }) => ({ chunk: hit.chunk, score }));
}
