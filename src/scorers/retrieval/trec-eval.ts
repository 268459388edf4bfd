/**
 * trec_eval over parsed files: which queries are evaluated, per-query rows and the `all` mean, in trec_eval's
 * order (trec_eval.c, meas_avg.c). Queries are taken in strcmp order of their ids (trec_eval sorts both files by
 * qid); a run query without judgments is skipped; a judged query missing from the run is skipped too, unless
 * `complete` (trec_eval -c): then it adds 0 and `all` divides by the number of judged queries.
 */
import { EvalgateError } from '../../core/errors.ts';
import {
  compareDocno,
  evaluateQuery,
  formatTrecLine,
  MEASURE_ORDER,
  type Measure,
  measureKeys,
  rankTrec,
} from './metrics.ts';
import type { Qrels, Run } from './trec.ts';

export interface TrecRow {
  measure: string;
  /** Query id, or `all` for the mean. */
  query: string;
  value: number;
}

export interface TrecEvalOptions {
  /** Also return one row per evaluated query and measure (trec_eval -q). */
  perQuery?: boolean;
  /** Average over every judged query, missing ones counting 0 (trec_eval -c). */
  complete?: boolean;
}

/** Rows as trec_eval prints them: per query (with perQuery) then `all`. Throws when no query can be evaluated. */
export function trecEval(
  qrels: Qrels,
  run: Run,
  measures: readonly Measure[],
  options: TrecEvalOptions = {},
): TrecRow[] {
  const ordered = [...measures].sort((a, b) => MEASURE_ORDER.indexOf(a.name) - MEASURE_ORDER.indexOf(b.name));
  const keys = ordered.flatMap(measureKeys);
  const sums = new Map(keys.map((k) => [k, 0]));
  const rows: TrecRow[] = [];
  let evaluated = 0;
  for (const qid of [...run.queries.keys()].sort(compareDocno)) {
    const judged = qrels.get(qid);
    if (judged === undefined) continue;
    const values = evaluateQuery(rankTrec(run.queries.get(qid) ?? []), judged, ordered);
    evaluated++;
    for (const key of keys) {
      const value = values.get(key) ?? 0;
      sums.set(key, (sums.get(key) ?? 0) + value);
      if (options.perQuery) rows.push({ measure: key, query: qid, value });
    }
  }
  if (evaluated === 0)
    throw new EvalgateError('USAGE', 'no query has both results in the run and judgments in the qrels');
  const divisor = options.complete ? qrels.size : evaluated;
  for (const key of keys) rows.push({ measure: key, query: 'all', value: (sums.get(key) ?? 0) / divisor });
  return rows;
}

/** Rows as trec_eval's text: `%-22s\t%s\t%6.4f` lines, newline-terminated. */
export function formatTrecRows(rows: readonly TrecRow[]): string {
  return rows.map((r) => `${formatTrecLine(r.measure, r.query, r.value)}\n`).join('');
}
