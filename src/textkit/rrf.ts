/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009): score(d) = Σ_lists 1 / (k + rank_list(d)), ranks
 * 1-based. An id repeated within one list counts only at its first (best) rank. Sorted by score descending,
 * ties by id ascending.
 */
import { byScoreThenId, type ScoredId } from './bm25.ts';

export function reciprocalRankFusion(
  lists: ReadonlyArray<ReadonlyArray<{ id: string }>>,
  k = 60,
): ScoredId[] {
  if (!(k >= 0)) throw new RangeError(`k must be >= 0, got ${k}`);
  const scores = new Map<string, number>();
  for (const list of lists) {
    const seen = new Set<string>();
    list.forEach(({ id }, i) => {
      if (seen.has(id)) return;
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1));
    });
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort(byScoreThenId);
}
