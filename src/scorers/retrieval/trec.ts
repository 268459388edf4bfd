/**
 * TREC files and trec_eval's measure syntax.
 * - qrels (get_qrels.c): `qid iter docno rel`, exactly four whitespace-separated fields, rel an integer.
 * - run (get_trec_results.c): `qid Q0 docno rank score tag`; fields after the tag are ignored, so is the rank.
 * Blank lines and lines starting with `#` are skipped (current trec_eval skips `#` lines in both files and blank
 * lines in runs). Both files are read line by line; a bad line stops with one line `file:line: expected …`.
 * - `-m` syntax (trec_eval.c `mark_measure`, meas_init.c): `name` or `name.c1,c2,…`; cutoffs positive, distinct,
 *   sorted ascending; bare P / recall / ndcg_cut = 5,10,15,20,30,100,200,500,1000, bare success = 1,5,10.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { EvalgateError } from '../../core/errors.ts';
import { compareTrec, type Measure, type MeasureName } from './metrics.ts';

/** Judgments: query id → (docno → rel). */
export type Qrels = Map<string, Map<string, number>>;

export interface RunEntry {
  docId: string;
  score: number;
  /** 1-based line of the run file. */
  line: number;
}

export interface Run {
  /** Query id → its entries (file order; rank them with rankTrec). */
  queries: Map<string, RunEntry[]>;
  /** Lines dropped as duplicates (only with `dedupe`). */
  dropped: number;
}

const DEFAULT_CUTOFFS: Record<'P' | 'recall' | 'ndcg_cut' | 'success', number[]> = {
  P: [5, 10, 15, 20, 30, 100, 200, 500, 1000],
  recall: [5, 10, 15, 20, 30, 100, 200, 500, 1000],
  ndcg_cut: [5, 10, 15, 20, 30, 100, 200, 500, 1000],
  success: [1, 5, 10],
};

/** Yields [1-based line number, whitespace-split fields] of each content line of a text file. */
async function* _lines(path: string): AsyncGenerator<[number, string[]]> {
  const source = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: source, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  try {
    for await (const raw of lines) {
      n++;
      const text = (n === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
      if (text === '' || text.startsWith('#')) continue;
      yield [n, text.split(/\s+/)];
    }
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new EvalgateError('DATASET_FILE', `cannot read: ${why}`, path);
  } finally {
    lines.close();
    source.destroy();
  }
}

/** Reads a TREC qrels file. Throws EvalgateError on a malformed line or a (qid, docno) judged twice. */
export async function readQrels(path: string): Promise<Qrels> {
  const qrels: Qrels = new Map();
  const firstLine = new Map<string, number>();
  for await (const [line, f] of _lines(path)) {
    const where = `${path}:${line}`;
    if (f.length !== 4)
      throw new EvalgateError(
        'DATASET_ROW',
        `expected 4 fields "qid iter docno rel", got ${f.length}`,
        where,
      );
    const [qid = '', , docno = '', relText = ''] = f;
    if (!/^[+-]?\d+$/.test(relText))
      throw new EvalgateError('DATASET_ROW', `expected an integer relevance, got "${relText}"`, where);
    const judged = qrels.get(qid) ?? new Map<string, number>();
    qrels.set(qid, judged);
    const key = `${qid}\u0000${docno}`;
    const first = firstLine.get(key);
    if (first !== undefined)
      throw new EvalgateError(
        'DATASET_ROW',
        `expected one judgment per query and docno; ${qid} ${docno} was judged at line ${first}`,
        where,
      );
    firstLine.set(key, line);
    judged.set(docno, Number.parseInt(relText, 10));
  }
  return qrels;
}

/**
 * Reads a TREC run file. A docno listed twice for one query is an error, as in trec_eval, unless `dedupe`:
 * then the line that ranks first (higher score) is kept and the other dropped.
 */
export async function readRun(path: string, options: { dedupe?: boolean } = {}): Promise<Run> {
  const queries = new Map<string, RunEntry[]>();
  const index = new Map<string, RunEntry>();
  let dropped = 0;
  for await (const [line, f] of _lines(path)) {
    const where = `${path}:${line}`;
    if (f.length < 6)
      throw new EvalgateError(
        'DATASET_ROW',
        `expected 6 fields "qid Q0 docno rank score tag", got ${f.length}`,
        where,
      );
    const [qid = '', , docId = '', , scoreText = ''] = f;
    const score = Number(scoreText);
    if (scoreText === '' || !Number.isFinite(score))
      throw new EvalgateError(
        'DATASET_ROW',
        `expected a numeric score in field 5, got "${scoreText}"`,
        where,
      );
    const entry: RunEntry = { docId, score, line };
    const key = `${qid}\u0000${docId}`;
    const previous = index.get(key);
    if (previous !== undefined) {
      if (!options.dedupe)
        throw new EvalgateError(
          'DATASET_ROW',
          `expected each docno once per query; ${qid} ${docId} is also at line ${previous.line} ` +
            '(trec_eval refuses duplicate docs; --dedupe keeps the higher-scored line)',
          where,
        );
      dropped++;
      if (compareTrec(entry, previous) < 0) {
        previous.score = entry.score;
        previous.line = entry.line;
      }
      continue;
    }
    index.set(key, entry);
    const list = queries.get(qid) ?? [];
    queries.set(qid, list);
    list.push(entry);
  }
  return { queries, dropped };
}

const NAMES: readonly MeasureName[] = ['P', 'recall', 'success', 'ndcg_cut', 'map', 'recip_rank'];

/** Parses one `-m` value (`P.5,10`, `map`, bare `P` = default cutoffs). Throws EvalgateError('USAGE'). */
export function parseMeasure(spec: string): Measure {
  const dot = spec.indexOf('.');
  const name = dot < 0 ? spec : spec.slice(0, dot);
  const where = `-m ${spec}`;
  if (!(NAMES as readonly string[]).includes(name))
    throw new EvalgateError('USAGE', `expected a measure among ${NAMES.join(', ')}`, where);
  const measureName = name as MeasureName;
  if (measureName === 'map' || measureName === 'recip_rank') {
    if (dot >= 0) throw new EvalgateError('USAGE', `expected no cutoffs: ${name} takes none`, where);
    return { name: measureName };
  }
  if (dot < 0) return { name: measureName, cutoffs: [...DEFAULT_CUTOFFS[measureName]] };
  const parts = spec.slice(dot + 1).split(',');
  const cutoffs = parts.map((p) => {
    if (!/^\d+$/.test(p) || Number(p) <= 0)
      throw new EvalgateError('USAGE', `expected positive integer cutoffs, got "${p}"`, where);
    return Number(p);
  });
  cutoffs.sort((a, b) => a - b);
  const dup = cutoffs.find((k, i) => cutoffs[i - 1] === k);
  if (dup !== undefined)
    throw new EvalgateError('USAGE', `expected distinct cutoffs; ${dup} is repeated`, where);
  return { name: measureName, cutoffs };
}

/** Parses every `-m` value; a measure named twice is refused (trec_eval would silently use the first list). */
export function parseMeasures(specs: readonly string[]): Measure[] {
  const seen = new Map<string, string>();
  return specs.map((spec) => {
    const m = parseMeasure(spec);
    const before = seen.get(m.name);
    if (before !== undefined)
      throw new EvalgateError(
        'USAGE',
        `expected each measure once; ${m.name} was already given as "${before}" (list its cutoffs in one -m)`,
        `-m ${spec}`,
      );
    seen.set(m.name, spec);
    return m;
  });
}
