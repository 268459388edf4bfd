/**
 * One query against a built index: vector (DuckDB `array_cosine_similarity`), BM25 (textkit, in memory) or hybrid
 * (reciprocal rank fusion of both lists, k = 60), each retriever returning `candidates` chunks; then optionally the
 * Bedrock Rerank API over the fused candidates; then the top K. Scores: cosine, BM25, RRF or the reranker's
 * relevance score, whichever ranked the final list.
 */
import { type BedrockAgentRuntimeClient, RerankCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { reciprocalRankFusion, type ScoredId } from '../../textkit/index.ts';
import { rerankModelArn } from '../kb/config.ts';
import { chunkId, type RagIndex } from './build.ts';
import type { IndexChunk } from './corpus.ts';
import { embedQuery } from './embed.ts';
import { openIndexDb } from './index-db.ts';
import { candidateCount, type RagSpec, resolveEmbedding } from './schema.ts';

export const RRF_K = 60;

export interface Hit {
  chunk: IndexChunk;
  score: number;
}

export interface RetrieveDeps {
  runtime: BedrockRuntimeClient;
  agent: BedrockAgentRuntimeClient;
  /** Region for the rerank model's ARN. */
  region: () => Promise<string>;
}

export interface Retrieval {
  hits: Hit[];
  /** Query embedding tokens, when the embedding model reports them. */
  embeddingTokens: number | undefined;
  /** How many chunks each stage produced (for the report's raw payload). */
  counts: { vector?: number; bm25?: number; fused?: number; reranked?: number };
}

function _byOrd(index: RagIndex, id: string): IndexChunk {
  const chunk = index.chunks[Number(id)];
  if (!chunk) throw new Error(`RAG index ${index.key.slice(0, 12)} has no chunk ${id}`);
  return chunk;
}

async function _rerank(
  deps: RetrieveDeps,
  model: string,
  query: string,
  hits: Hit[],
  topK: number,
  signal: AbortSignal,
): Promise<Hit[]> {
  if (hits.length === 0) return [];
  const out = await deps.agent.send(
    new RerankCommand({
      queries: [{ type: 'TEXT', textQuery: { text: query } }],
      sources: hits.map((h) => ({
        type: 'INLINE',
        inlineDocumentSource: { type: 'TEXT', textDocument: { text: h.chunk.text } },
      })),
      rerankingConfiguration: {
        type: 'BEDROCK_RERANKING_MODEL',
        bedrockRerankingConfiguration: {
          modelConfiguration: { modelArn: rerankModelArn(model, await deps.region()) },
          numberOfResults: Math.min(topK, hits.length),
        },
      },
    }),
    { abortSignal: signal },
  );
  return (out.results ?? []).map((r) => {
    const hit = hits[r.index ?? -1];
    if (!hit) throw new Error(`Rerank returned index ${r.index} for ${hits.length} sources`);
    return { chunk: hit.chunk, score: r.relevanceScore ?? 0 };
  });
}

export async function retrieve(
  index: RagIndex,
  rag: RagSpec,
  query: string,
  deps: RetrieveDeps,
  signal: AbortSignal,
): Promise<Retrieval> {
  const mode = rag.retrieval.mode;
  const n = candidateCount(rag);
  const counts: Retrieval['counts'] = {};
  let embeddingTokens: number | undefined;
  let vector: ScoredId[] = [];
  let keyword: ScoredId[] = [];
  if (mode !== 'bm25') {
    const e = resolveEmbedding(rag);
    if (!e) throw new Error(`retrieval mode ${mode} needs an embedding model`);
    const q = await embedQuery(deps.runtime, e, query, signal);
    embeddingTokens = q.tokens;
    const db = await openIndexDb(index.file);
    vector = (await db.vectorSearch(index.key, q.vector, n)).map((r) => ({
      id: chunkId(r.ord),
      score: r.score,
    }));
    counts.vector = vector.length;
  }
  if (mode !== 'vector') {
    keyword = index.bm25.search(query, n);
    counts.bm25 = keyword.length;
  }
  const ranked =
    mode === 'hybrid'
      ? reciprocalRankFusion([vector, keyword], RRF_K).slice(0, n)
      : mode === 'bm25'
        ? keyword
        : vector;
  counts.fused = mode === 'hybrid' ? ranked.length : undefined;
  let hits: Hit[] = ranked.map((r) => ({ chunk: _byOrd(index, r.id), score: r.score }));
  if (rag.rerank) {
    hits = await _rerank(deps, rag.rerank.model, query, hits, rag.retrieval.topK, signal);
    counts.reranked = hits.length;
  }
  return { hits: hits.slice(0, rag.retrieval.topK), embeddingTokens, counts };
}
