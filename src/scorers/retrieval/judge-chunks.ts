/**
 * Chunk → document rule: turns a target's retrieved chunks and a case's relevance labels into the ranked docno
 * list and judgments that the trec_eval measures see.
 *
 * 1. Order. When every chunk has a score: trec_eval's order (score descending, ties by docId descending in
 *    strcmp order, then the given order). Otherwise the retriever's order as given.
 * 2. Judging a chunk. A chunk stands for its source document (`docId`). If the label of that document has a
 *    `quote`, the chunk qualifies only when it overlaps the quote: the longest common substring of the
 *    whitespace-normalised, lower-cased chunk and quote is at least min(30, quote length) characters. A chunk
 *    of an unlabelled document, or of a labelled one without a quote, qualifies as that document.
 * 3. Once per document. A document is credited once, at its best-ranked qualifying chunk, with its label's grade;
 *    later chunks of that document are dropped. This is needed, not a choice: trec_eval refuses a docno listed
 *    twice for one query (form_res_rels.c "duplicate docs"), and credit-once is what keeping each docno's
 *    best-ranked line (`evalgate metrics --dedupe`) gives. A chunk of a quoted document that misses the quote,
 *    ranked before the document is credited, is a nonrelevant entry `<docId>#quote-miss` (at most one per
 *    document); an unlabelled document is a nonrelevant entry at its first chunk.
 * 4. Judgments. Every label is a judgment (doc → grade, default 1), retrieved or not, so recall and the ideal DCG
 *    count relevant documents the retriever never returned.
 */
import { EvalgateError } from '../../core/errors.ts';
import type { EvalCase, RetrievedChunk } from '../../core/types.ts';
import { compareDocno } from './metrics.ts';

export interface RelevanceLabel {
  doc: string;
  /** Graded relevance: 0 judged nonrelevant, ≥ 1 relevant (higher = more useful). Default 1. */
  grade: number;
  /** An exact passage of the document holding the evidence. */
  quote?: string;
}

export interface JudgedEntry {
  /** The docno the measures see (`<docId>#quote-miss` for a chunk that missed its document's quote). */
  docId: string;
  /** Its judgment (absent = not judged, nonrelevant). */
  rel?: number;
  /** 0-based index of the chunk in the response's `retrieved`. */
  chunk: number;
}

export interface JudgedList {
  /** One entry per credited/uncredited document, best first. */
  entries: JudgedEntry[];
  ranked: string[];
  qrels: Map<string, number>;
}

const MIN_OVERLAP = 30;
export const QUOTE_MISS_SUFFIX = '#quote-miss';

/** Lower-cased, whitespace runs collapsed to one space, trimmed. */
export function normaliseText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Whether the longest common substring of the normalised texts reaches min(30, quote length): equivalently,
 * whether some substring of the quote of that length occurs in the chunk.
 */
export function overlapsQuote(chunkText: string, quote: string): boolean {
  const chunk = normaliseText(chunkText);
  const q = normaliseText(quote);
  const need = Math.min(MIN_OVERLAP, q.length);
  if (need === 0) return false;
  for (let start = 0; start + need <= q.length; start++) {
    if (chunk.includes(q.slice(start, start + need))) return true;
  }
  return false;
}

function _label(raw: unknown, i: number, where: string): RelevanceLabel {
  if (typeof raw === 'string' && raw !== '') return { doc: raw, grade: 1 };
  const o = raw as { doc?: unknown; grade?: unknown; quote?: unknown } | null;
  const at = `${where}: label [${i}]`;
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw new EvalgateError('DATASET_ROW', `${at}: expected {"doc": "...", "grade"?: n, "quote"?: "..."}`);
  if (typeof o.doc !== 'string' || o.doc === '')
    throw new EvalgateError('DATASET_ROW', `${at}: expected "doc" to be a non-empty string`);
  const grade = o.grade ?? 1;
  if (typeof grade !== 'number' || !Number.isInteger(grade) || grade < 0)
    throw new EvalgateError('DATASET_ROW', `${at}: expected "grade" to be an integer >= 0`);
  const label: RelevanceLabel = { doc: o.doc, grade };
  if (o.quote !== undefined) {
    if (typeof o.quote !== 'string' || normaliseText(o.quote) === '')
      throw new EvalgateError('DATASET_ROW', `${at}: expected "quote" to be a non-empty string`);
    label.quote = o.quote;
  }
  return label;
}

/**
 * The case's labels from `vars[field]`: a JSON array (or a string holding one, e.g. a CSV cell) of
 * `{doc, grade?, quote?}` objects or bare doc ids. Throws EvalgateError naming the case when the variable is
 * missing or malformed, or a document is labelled twice.
 */
export function caseLabels(evalCase: EvalCase, field: string): RelevanceLabel[] {
  const where = `${evalCase.source.file} row ${evalCase.source.row} (case ${evalCase.id})`;
  let value = evalCase.vars[field];
  if (value === undefined || value === null || value === '')
    throw new EvalgateError('DATASET_ROW', `${where}: expected relevance labels in "${field}", found none`);
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new EvalgateError('DATASET_ROW', `${where}: expected "${field}" to be a JSON array of labels`);
    }
  }
  if (!Array.isArray(value))
    throw new EvalgateError('DATASET_ROW', `${where}: expected "${field}" to be an array of labels`);
  const labels = value.map((raw, i) => _label(raw, i, where));
  const seen = new Set<string>();
  for (const l of labels) {
    if (seen.has(l.doc))
      throw new EvalgateError(
        'DATASET_ROW',
        `${where}: expected each doc labelled once; "${l.doc}" is repeated`,
      );
    seen.add(l.doc);
  }
  return labels;
}

/** The chunks' order per rule 1, as indices into `chunks`. */
export function chunkOrder(chunks: readonly RetrievedChunk[]): number[] {
  const order = chunks.map((_, i) => i);
  if (chunks.length === 0 || !chunks.every((c) => typeof c.score === 'number' && Number.isFinite(c.score)))
    return order;
  return order.sort((i, j) => {
    const a = chunks[i] as RetrievedChunk;
    const b = chunks[j] as RetrievedChunk;
    const sa = a.score ?? 0;
    const sb = b.score ?? 0;
    if (sa !== sb) return sa > sb ? -1 : 1;
    return compareDocno(b.docId, a.docId) || i - j;
  });
}

/** Applies the rule above: ranked docnos and judgments for the trec_eval measures. */
export function judgeChunks(
  chunks: readonly RetrievedChunk[],
  labels: readonly RelevanceLabel[],
): JudgedList {
  const byDoc = new Map(labels.map((l) => [l.doc, l]));
  const qrels = new Map(labels.map((l) => [l.doc, l.grade]));
  const entries: JudgedEntry[] = [];
  const listed = new Set<string>();
  for (const index of chunkOrder(chunks)) {
    const chunk = chunks[index] as RetrievedChunk;
    if (listed.has(chunk.docId)) continue;
    const label = byDoc.get(chunk.docId);
    if (label?.quote !== undefined && !overlapsQuote(chunk.text, label.quote)) {
      const miss = `${chunk.docId}${QUOTE_MISS_SUFFIX}`;
      if (!listed.has(miss)) entries.push({ docId: miss, chunk: index });
      listed.add(miss);
      continue;
    }
    listed.add(chunk.docId);
    entries.push(
      label ? { docId: chunk.docId, rel: label.grade, chunk: index } : { docId: chunk.docId, chunk: index },
    );
  }
  return { entries, ranked: entries.map((e) => e.docId), qrels };
}
