/**
 * Okapi BM25 over an in-memory collection, with an inverted index (search cost grows with the postings of the
 * query terms, not with the collection).
 *
 *   score(q, d) = Σ_{t ∈ distinct terms of q} idf(t) · tf(t,d)·(k1 + 1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl))
 *   idf(t)      = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))
 *
 * Terms come from `contentTokens` (tokenize minus STOPWORDS) unless an analyzer is given. Each distinct query
 * term counts once. Only documents sharing at least one term with the query are returned; ties are broken by
 * id ascending (code-unit order), so results are deterministic.
 */
import { contentTokens } from './tokenize.ts';

export interface Bm25Options {
  /** Term-frequency saturation (default 1.2). */
  k1?: number;
  /** Length normalisation (default 0.75). */
  b?: number;
  /** Text → terms (default contentTokens). */
  analyzer?: (text: string) => string[];
}

export interface ScoredId {
  id: string;
  score: number;
}

/** Sort by score descending, then id ascending (code-unit order). */
export function byScoreThenId(a: ScoredId, b: ScoredId): number {
  if (b.score !== a.score) return b.score - a.score;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class Bm25 {
  readonly k1: number;
  readonly b: number;
  private readonly analyzer: (text: string) => string[];
  private readonly ids: string[] = [];
  private readonly idSet = new Set<string>();
  private readonly lengths: number[] = [];
  private totalLength = 0;
  /** term → documents containing it and the term's frequency in each. */
  private readonly postings = new Map<string, { docs: number[]; tfs: number[] }>();
  /** Per document: k1 · (1 − b + b·|d|/avgdl), cached until the next `add`. */
  private norms: Float64Array | undefined;

  constructor(opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
    this.analyzer = opts.analyzer ?? contentTokens;
  }

  /** Number of documents. */
  get size(): number {
    return this.ids.length;
  }

  /** Add a document; ids must be unique. */
  add(id: string, text: string): void {
    if (this.idSet.has(id)) throw new Error(`Bm25: duplicate document id ${JSON.stringify(id)}`);
    this.idSet.add(id);
    const doc = this.ids.length;
    const terms = this.analyzer(text);
    this.ids.push(id);
    this.lengths.push(terms.length);
    this.totalLength += terms.length;
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, f] of tf) {
      let list = this.postings.get(t);
      if (!list) {
        list = { docs: [], tfs: [] };
        this.postings.set(t, list);
      }
      list.docs.push(doc);
      list.tfs.push(f);
    }
    this.norms = undefined;
  }

  /** idf of a term in the current collection (0 for an empty collection). */
  idf(term: string): number {
    const n = this.postings.get(term)?.docs.length ?? 0;
    const N = this.ids.length;
    return N === 0 ? 0 : Math.log(1 + (N - n + 0.5) / (n + 0.5));
  }

  private docNorms(): Float64Array {
    if (!this.norms) {
      const avgdl = this.totalLength / this.ids.length || 1;
      this.norms = Float64Array.from(this.lengths, (len) => this.k1 * (1 - this.b + (this.b * len) / avgdl));
    }
    return this.norms;
  }

  /** The ids in insertion order (position i of `scoreArray` belongs to `ids()[i]`). */
  idsInOrder(): readonly string[] {
    return this.ids;
  }

  /** Every document's score in insertion order (0 for documents sharing no term with the query). */
  scoreArray(query: string): Float64Array {
    const N = this.ids.length;
    const acc = new Float64Array(N);
    if (N === 0) return acc;
    const norms = this.docNorms();
    for (const t of new Set(this.analyzer(query))) {
      const list = this.postings.get(t);
      if (!list) continue;
      const w = this.idf(t) * (this.k1 + 1);
      const { docs, tfs } = list;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        const f = tfs[i]!;
        acc[doc] = (acc[doc] ?? 0) + (w * f) / (f + (norms[doc] ?? 0));
      }
    }
    return acc;
  }

  /** Every matching document's score (doc id → score), unsorted. */
  scores(query: string): Map<string, number> {
    const acc = this.scoreArray(query);
    const out = new Map<string, number>();
    acc.forEach((s, doc) => {
      if (s > 0) out.set(this.ids[doc]!, s);
    });
    return out;
  }

  /** The top `k` documents by score (score > 0 only), ties by id ascending. */
  search(query: string, k: number): ScoredId[] {
    if (k <= 0) return [];
    const all = [...this.scores(query)].map(([id, score]) => ({ id, score })).filter((r) => r.score > 0);
    return all.sort(byScoreThenId).slice(0, k);
  }
}
