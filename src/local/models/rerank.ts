/**
 * Local reranker models (Bedrock Rerank API and Knowledge Base reranking): a lexical relevance score in [0, 1)
 * for each candidate document against the query. See MODELS.md, "Rerank models".
 *
 * Terms = textkit contentTokens, light-stemmed. Over the candidate set only (N = number of documents given):
 *   bm25     = Okapi BM25 of the query against each candidate (k1 1.2, b 0.75, idf over the candidates)
 *   squash   = bm25 / (bm25 + 2)                        (0 → 0, 2 → 0.5, → 1 as bm25 grows)
 *   coverage = distinct query terms present / distinct query terms
 *   bigrams  = query bigrams present as bigrams / query bigrams (0 when the query has one term)
 * amazon.rerank-v1:0    score = 0.8 · squash + 0.2 · bigrams
 * cohere.rerank-v3-5:0  score = 0.5 · squash + 0.3 · coverage + 0.2 · bigrams
 */
import { Bm25, contentTokens, stemLight } from '../../textkit/index.ts';

export interface RerankModelInfo {
  id: string;
  displayName: string;
  summary: string;
  /** USD per 1,000 queries (a query = one request of up to 100 documents). */
  per1kQueries: number;
  /** Simulated time: baseMs + perDocumentMs × documents (before latencyScale). */
  latency: { baseMs: number; perDocumentMs: number };
  weights: { squash: number; coverage: number; bigrams: number };
}

export const LOCAL_RERANK_MODELS: readonly RerankModelInfo[] = [
  {
    id: 'amazon.rerank-v1:0',
    displayName: 'Amazon Rerank 1.0 (local: BM25 + bigrams)',
    summary: '0.8 · BM25/(BM25 + 2) over the candidates + 0.2 · query-bigram overlap',
    per1kQueries: 1,
    latency: { baseMs: 40, perDocumentMs: 1 },
    weights: { squash: 0.8, coverage: 0, bigrams: 0.2 },
  },
  {
    id: 'cohere.rerank-v3-5:0',
    displayName: 'Cohere Rerank 3.5 (local: BM25 + coverage + bigrams)',
    summary: '0.5 · BM25/(BM25 + 2) + 0.3 · query-term coverage + 0.2 · query-bigram overlap',
    per1kQueries: 2,
    latency: { baseMs: 60, perDocumentMs: 1.5 },
    weights: { squash: 0.5, coverage: 0.3, bigrams: 0.2 },
  },
];

/** `arn:aws:bedrock:<region>::foundation-model/<id>` (or an inference-profile ARN, or a bare id) → model id. */
export function modelIdFromArn(arnOrId: string): string {
  const slash = arnOrId.startsWith('arn:') ? arnOrId.lastIndexOf('/') : -1;
  return slash >= 0 ? arnOrId.slice(slash + 1) : arnOrId;
}

/** A rerank model by id or ARN (cross-region prefixes `us.`, `eu.`, … accepted). */
export function getRerankModel(arnOrId: string): RerankModelInfo | undefined {
  const id = modelIdFromArn(arnOrId).replace(/^(us|eu|apac|global)\./, '');
  return LOCAL_RERANK_MODELS.find((m) => m.id === id);
}

function _terms(text: string): string[] {
  return contentTokens(text).map(stemLight);
}

function _bigrams(ts: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < ts.length; i++) out.add(`${ts[i]} ${ts[i + 1]}`);
  return out;
}

/** One relevance score in [0, 1) per document, in input order. */
export function rerankScores(model: RerankModelInfo, query: string, documents: string[]): number[] {
  const bm = new Bm25({ analyzer: _terms });
  for (const [i, d] of documents.entries()) bm.add(String(i), d);
  const bm25 = bm.scores(query);
  const qTerms = _terms(query);
  const qSet = new Set(qTerms);
  const qBigrams = _bigrams(qTerms);
  const w = model.weights;
  return documents.map((d, i) => {
    const s = bm25.get(String(i)) ?? 0;
    const dTerms = _terms(d);
    const dSet = new Set(dTerms);
    const dBigrams = _bigrams(dTerms);
    const coverage = qSet.size ? [...qSet].filter((t) => dSet.has(t)).length / qSet.size : 0;
    const bigrams = qBigrams.size ? [...qBigrams].filter((b) => dBigrams.has(b)).length / qBigrams.size : 0;
    return w.squash * (s / (s + 2)) + w.coverage * coverage + w.bigrams * bigrams;
  });
}
