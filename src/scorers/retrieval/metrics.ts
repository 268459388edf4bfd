/**
 * Retrieval measures with trec_eval's exact semantics (pure functions, no I/O).
 *
 * Read from the trec_eval sources (github.com/usnistgov/trec_eval; file names below):
 * - Ranking (form_res_rels.c `comp_sim_docno`): the run's rank column is ignored; a query's entries are sorted by
 *   score descending, ties broken by docno DEScending in strcmp (byte) order. get_trec_results.c reads the score
 *   with atof and says so: "the rank field is ignored here".
 * - Duplicate docnos for one query (form_res_rels.c "duplicate docs"): trec_eval refuses them; the measure cannot
 *   be computed and trec_eval exits non-zero. Duplicate (query, docno) lines in qrels are refused the same way.
 * - Relevance: a retrieved docno takes its qrels value; a docno absent from the qrels is nonrelevant (-1,
 *   RELVALUE_NONPOOL). Relevant = rel >= relevance_level, 1 by default (trec_eval.c `-l`).
 * - num_rel (form_res_rels.c): judged docs of the query with rel >= 1, retrieved or not.
 * - P_k (m_P.c): relevant in the top k / k, dividing by k even when fewer than k docs were retrieved.
 * - recall_k (m_recall.c): relevant in the top k / num_rel; 0 when num_rel = 0.
 * - success_k (m_success.c): 1 if a relevant doc is in the top k, else 0. Default cutoffs 1,5,10.
 * - recip_rank (m_recip_rank.c): 1 / rank of the first relevant doc; 0 if none retrieved.
 * - map (m_map.c): sum over retrieved relevant docs of (relevant so far / rank), divided by num_rel, so relevant
 *   docs that were never retrieved count as precision 0; 0 when nothing relevant was retrieved.
 * - ndcg_cut_k (m_ndcg_cut.c): gain = the qrels rel value itself (linear, only values > 0 count, the relevance
 *   level plays no part), discount log2(rank + 1) (`gain / log2(i + 2)` for 0-based i); the ideal DCG sorts ALL
 *   judged docs of the query by rel descending and takes the first k; 0 when the ideal DCG is 0. This is the
 *   current m_ndcg_cut.c (commit dc0c991: "Note: i+2 since doc i has rank i+1"). An older revision (c0b2cc7)
 *   used the Jarvelin-Kekalainen discount (rank 1 undiscounted, then log2(rank)); README.NDCG lists the switch
 *   to log2(rank + 1) as a to-do. A trec_eval binary built before that change prints different ndcg_cut values.
 * - Not implemented: -l (relevance level), -M, -J, -N, and the other measures.
 * - Cutoffs (meas_init.c `get_long_cutoffs`): sorted ascending; must be positive and distinct. Defaults for P,
 *   recall, ndcg_cut: 5,10,15,20,30,100,200,500,1000.
 * - A query in qrels with no relevant docs (only rel <= 0 lines) is evaluated: every measure is 0, and it counts
 *   in `all`. A query with no qrels lines at all is skipped (trec_eval.c: "Queries for which there is no
 *   relevance information are ignored"), as is, by default, a qrels query absent from the run.
 * - `all` (meas_avg.c): the sum over evaluated queries / their number; with -c, / the number of qrels queries.
 * - Output (meas_print_single.c, meas_print_final.c): `printf("%-22s\t%s\t%6.4f\n", name, qid, value)`, measures
 *   in trec_eval's table order (measures.c: map, recip_rank, P, recall, ndcg_cut, success), not command order.
 */

/** A trec_eval measure as asked for on the command line: with cutoffs (sorted, distinct) or without. */
export type Measure =
  | { name: 'P' | 'recall' | 'success' | 'ndcg_cut'; cutoffs: number[] }
  | { name: 'map' | 'recip_rank' };

export type MeasureName = Measure['name'];

/** trec_eval's print order (measures.c `te_trec_measures`), restricted to the measures evalgate computes. */
export const MEASURE_ORDER: readonly MeasureName[] = [
  'map',
  'recip_rank',
  'P',
  'recall',
  'ndcg_cut',
  'success',
];

/** Relevance level: rel >= 1 is relevant (trec_eval's default `-l 1`). */
export const RELEVANCE_LEVEL = 1;

/** strcmp order: UTF-8 byte order, which equals Unicode code point order (JS `<` compares UTF-16 units). */
export function compareDocno(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** trec_eval's order of two entries: score descending, then docno descending (strcmp). */
export function compareTrec(
  a: { docId: string; score: number },
  b: { docId: string; score: number },
): number {
  if (a.score > b.score) return -1;
  if (a.score < b.score) return 1;
  return compareDocno(b.docId, a.docId);
}

/** The docnos of one query in trec_eval's ranking (the given order and any rank column play no part). */
export function rankTrec(entries: readonly { docId: string; score: number }[]): string[] {
  return [...entries].sort(compareTrec).map((e) => e.docId);
}

/** The measure keys a Measure yields, in trec_eval's naming: `P_5`, `recall_10`, `map`, `recip_rank`. */
export function measureKeys(measure: Measure): string[] {
  return 'cutoffs' in measure ? measure.cutoffs.map((k) => `${measure.name}_${k}`) : [measure.name];
}

function _relevantInTop(rels: readonly number[], k: number): number {
  let found = 0;
  const end = Math.min(k, rels.length);
  for (let i = 0; i < end; i++) if ((rels[i] ?? -1) >= RELEVANCE_LEVEL) found++;
  return found;
}

function _dcg(gains: readonly number[], k: number): number {
  let sum = 0;
  const end = Math.min(k, gains.length);
  for (let i = 0; i < end; i++) {
    const gain = gains[i] ?? 0;
    if (gain > 0) sum += gain / Math.log2(i + 2);
  }
  return sum;
}

function _averagePrecision(rels: readonly number[], numRel: number): number {
  let found = 0;
  let sum = 0;
  rels.forEach((rel, i) => {
    if (rel < RELEVANCE_LEVEL) return;
    found++;
    sum += found / (i + 1);
  });
  return found > 0 ? sum / numRel : 0;
}

/**
 * trec_eval's per-query values of `measures` for a ranked docno list (best first, no duplicates) against the
 * query's judgments (docno → rel). Keys as `measureKeys` gives them. Throws on a duplicate docno, as trec_eval.
 */
export function evaluateQuery(
  ranked: readonly string[],
  qrels: ReadonlyMap<string, number>,
  measures: readonly Measure[],
): Map<string, number> {
  if (new Set(ranked).size !== ranked.length) {
    const seen = new Set<string>();
    const dup = ranked.find((d) => seen.has(d) || !seen.add(d));
    throw new Error(`duplicate docno "${dup}" in a ranked list (trec_eval refuses duplicates)`);
  }
  const rels = ranked.map((d) => qrels.get(d) ?? -1);
  let numRel = 0;
  for (const rel of qrels.values()) if (rel >= RELEVANCE_LEVEL) numRel++;
  const ideal = [...qrels.values()].filter((r) => r > 0).sort((a, b) => b - a);
  const out = new Map<string, number>();
  for (const m of measures) {
    switch (m.name) {
      case 'map':
        out.set('map', _averagePrecision(rels, numRel));
        break;
      case 'recip_rank': {
        const first = rels.findIndex((r) => r >= RELEVANCE_LEVEL);
        out.set('recip_rank', first >= 0 ? 1 / (first + 1) : 0);
        break;
      }
      default:
        for (const k of m.cutoffs) out.set(`${m.name}_${k}`, _cutValue(m.name, k, rels, numRel, ideal));
    }
  }
  return out;
}

function _cutValue(
  name: 'P' | 'recall' | 'success' | 'ndcg_cut',
  k: number,
  rels: readonly number[],
  numRel: number,
  ideal: readonly number[],
): number {
  if (name === 'ndcg_cut') {
    const idcg = _dcg(ideal, k);
    return idcg > 0 ? _dcg(rels, k) / idcg : 0;
  }
  const found = _relevantInTop(rels, k);
  if (name === 'P') return found / k;
  if (name === 'recall') return numRel > 0 ? found / numRel : 0;
  return found > 0 ? 1 : 0;
}

/**
 * A value as trec_eval prints it (`%6.4f`): 4 decimals, exact halves rounded to even as glibc's printf does
 * (JS toFixed rounds them up: 0.03125 → "0.0313" where trec_eval prints 0.0312).
 */
export function formatTrecValue(value: number): string {
  // A double lies exactly halfway between two 4-decimal numbers only when it is an odd multiple of 1/32
  // ((2n + 1) / 20000 needs 625 | 2n + 1); value * 32 is exact, so this test is too.
  const times32 = value * 32;
  if (Number.isInteger(times32) && times32 % 2 !== 0) {
    const floor = Math.floor(value * 10_000);
    const even = floor % 2 === 0 ? floor : floor + 1;
    return (even / 10_000).toFixed(4);
  }
  return value.toFixed(4);
}

/** One trec_eval output line: the measure name padded to 22 characters (`%-22s`), the query, the value. */
export function formatTrecLine(measure: string, query: string, value: number): string {
  return `${measure.padEnd(22)}\t${query}\t${formatTrecValue(value)}`;
}
