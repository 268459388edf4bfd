/**
 * The case table's rows: every figure formatted, every text folded (long texts) and capped (very long texts and
 * retrieved passages), so a 10,000-case report stays small. Model text is only ever data here: the templates
 * escape it with `{{ }}` and the table script never reads it as HTML.
 */
import type { StoredCaseResult, StoredScore } from '../store/types.ts';
import { fmtMetric, fmtMs, fmtNum } from './format.ts';

/** A text as a cell: short texts whole; long ones folded as a head (shown) and the rest (behind a <details>). */
export interface TextCell {
  text: string;
  long: boolean;
  head: string;
  tail: string;
}

export interface CaseRowOptions {
  /** Texts longer than this (or with more than 4 lines) fold into a <details>; default 280. */
  foldChars?: number;
  /**
   * Texts (and score reasons) are cut after this many characters, with a note of how many were left out; default
   * `capFor(rows)`: 4,000, less for big runs (≥ 160) so a 10,000-case report stays small.
   */
  maxChars?: number;
  /** Retrieved passages are cut after this many characters; default 400. */
  passageChars?: number;
}

/** pass: every pass/fail score passed (or none has one); fail: some score failed; error: the call failed. */
export type RowStatus = 'pass' | 'fail' | 'error';

const HEAD = 120;
/** Characters of text the case table may hold in all (spread over its rows by `capFor`). */
export const TEXT_BUDGET = 3_200_000;

/** Per-text cap for a table of `rows` rows: TEXT_BUDGET / rows, within 160..4,000 (20,000 rows → 160). */
export function capFor(rows: number): number {
  return Math.max(160, Math.min(4000, Math.floor(TEXT_BUDGET / Math.max(1, rows))));
}

export function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [+${(text.length - max).toLocaleString('en-US')} characters]`;
}

export function textCell(text: string | null | undefined, fold: number, max = 4000): TextCell {
  const t = cap(text ?? '', max);
  const long = t.length > fold || t.split('\n', 6).length > 4;
  if (!long) return { text: t, long, head: t, tail: '' };
  // the head ends at a line break or a space near min(HEAD, fold) characters, so the fold rarely splits a word
  const limit = Math.min(HEAD, fold);
  const nl = t.indexOf('\n');
  let cut = nl >= 0 && nl <= limit ? nl : t.lastIndexOf(' ', limit);
  if (cut < limit / 2) cut = limit;
  return { text: t, long, head: t.slice(0, cut), tail: t.slice(cut).replace(/^[ \n]/, '') };
}

export function varsText(vars: Record<string, unknown>): string {
  return Object.entries(vars)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');
}

export const scoreKey = (caseId: string, targetId: string, repeat: number) =>
  `${caseId}\u0000${targetId}\u0000${repeat}`;

/** Scores grouped by (case, target, repeat). */
export function scoresByKey(scores: readonly StoredScore[]): Map<string, StoredScore[]> {
  const byKey = new Map<string, StoredScore[]>();
  for (const s of scores) {
    const key = scoreKey(s.caseId, s.targetId, s.repeat);
    const list = byKey.get(key);
    if (list) list.push(s);
    else byKey.set(key, [s]);
  }
  return byKey;
}

export function rowStatus(r: StoredCaseResult, scores: readonly StoredScore[]): RowStatus {
  if (r.status !== 'ok') return 'error';
  return scores.some((s) => s.pass === false) ? 'fail' : 'pass';
}

/** A judge's claims (faithfulness) with their verdicts; empty for other scores. */
export function claimsOf(
  details: Record<string, unknown> | undefined,
): { claim: string; ok: boolean; reason: string }[] {
  const claims = details?.claims;
  if (!Array.isArray(claims)) return [];
  return claims.map((c: { claim?: unknown; verdict?: unknown; reason?: unknown }) => ({
    claim: String(c?.claim ?? ''),
    ok: c?.verdict === 'supported',
    reason: String(c?.reason ?? ''),
  }));
}

export function scoreView(s: StoredScore, max = 4000) {
  return {
    metric: s.metric,
    value: fmtMetric(s.metric, s.value),
    pass: s.pass,
    reason: cap(s.reason ?? '', max),
    judged: s.details?.judge !== undefined,
    claims: claimsOf(s.details),
  };
}

export function caseRows(
  results: readonly StoredCaseResult[],
  scores: readonly StoredScore[],
  opts: CaseRowOptions = {},
) {
  const fold = opts.foldChars ?? 280;
  const max = opts.maxChars ?? capFor(results.length);
  const passage = opts.passageChars ?? 400;
  const byKey = scoresByKey(scores);
  const firstOf = new Map<string, { label: string; vars: string; expected: string | null }>();
  return results.map((r) => {
    const own = byKey.get(scoreKey(r.caseId, r.targetId, r.repeat)) ?? [];
    const vars = varsText(r.vars);
    // a case's input and expected answer are shown once: later rows of the case with the same ones point back
    const first = firstOf.get(r.caseId);
    const same = first !== undefined && first.vars === vars && first.expected === r.expected;
    if (!first) firstOf.set(r.caseId, { label: _label(r), vars, expected: r.expected });
    return {
      sameAs: same ? first.label : '',
      caseId: r.caseId,
      targetId: r.targetId,
      repeat: r.repeat,
      ok: r.status === 'ok',
      status: rowStatus(r, own),
      vars: textCell(vars, fold, max),
      expected: textCell(r.expected, fold, max),
      output: textCell(r.outputText, fold, max),
      retrieved: (r.retrieved ?? []).map((c, i) => ({
        rank: i + 1,
        docId: c.docId,
        score: c.score === undefined ? '' : fmtNum(c.score),
        text: textCell(c.text, fold, passage),
      })),
      latency: fmtMs(r.latencyMs),
      errorClass: r.errorClass ?? '',
      errorMessage: r.errorMessage ?? '',
      scores: own.map((sc) => scoreView(sc, max)),
    };
  });
}

function _label(r: StoredCaseResult): string {
  return r.repeat === 0 ? r.targetId : `${r.targetId} #${r.repeat}`;
}
