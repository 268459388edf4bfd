/**
 * Contextual grounding check (OUTPUT source, needs `qualifiers`): the guarded answer against the
 * `grounding_source` and the `query` blocks. Words = light-stemmed content tokens (textkit `contentTokens` +
 * `stemLight`), distinct; a word matches another when equal, or both have ≥ 5 letters and one is a prefix of
 * the other.
 *
 *   grounding = Σ w(answer words found in source ∪ query) / Σ w(answer words),   w = 2 for a number, 1 otherwise
 *   relevance = |query words found in the answer or its supporting source sentences| / |query words|
 *               (query words minus question scaffolding; a source sentence supports the answer when it shares
 *               ≥ 2 words with it — so "We retry 3 times" answers "What if my payment fails?" when the source
 *               sentence it comes from talks about failed payments)
 *
 * Both are rounded to 2 decimals; an empty side scores 1. A filter blocks when its score < its threshold.
 */
import { contentTokens, splitSentences, stemLight } from '../../textkit/index.ts';
import { actionFor, type GroundingFilterConfig } from './definition.ts';
import { GENERIC } from './topic-cues.ts';

export interface GroundingFilterResult {
  type: 'GROUNDING' | 'RELEVANCE';
  threshold: number;
  score: number;
  action: 'BLOCKED' | 'NONE';
  detected: boolean;
}

const _SCAFFOLD = new Set('long much many take takes does do get tell explain happen happens'.split(' '));

function _words(text: string): string[] {
  return [...new Set(contentTokens(text).map(stemLight))];
}

function _match(a: string, b: string): boolean {
  return a === b || (Math.min(a.length, b.length) >= 5 && (a.startsWith(b) || b.startsWith(a)));
}

function _round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function groundingScore(answer: string, source: string, query: string): number {
  const support = [..._words(source), ..._words(query)];
  let total = 0;
  let found = 0;
  for (const w of _words(answer)) {
    const weight = /^\p{N}/u.test(w) ? 2 : 1;
    total += weight;
    if (support.some((s) => _match(w, s))) found += weight;
  }
  return total === 0 ? 1 : _round(found / total);
}

export function relevanceScore(answer: string, query: string, source = ''): number {
  const q = _words(query).filter((w) => !_SCAFFOLD.has(w) && !GENERIC.has(w));
  if (q.length === 0) return 1;
  const answerWords = _words(answer);
  const a = [...answerWords];
  for (const s of splitSentences(source)) {
    const sw = _words(s.text);
    if (sw.filter((w) => answerWords.some((x) => _match(w, x))).length >= 2) a.push(...sw);
  }
  return _round(q.filter((w) => a.some((x) => _match(w, x))).length / q.length);
}

/**
 * The configured grounding filters that can be evaluated: GROUNDING needs a grounding source, RELEVANCE a
 * query (a filter without its input is skipped, as is a disabled one).
 */
export function evaluateGrounding(
  filters: readonly GroundingFilterConfig[],
  answer: string,
  source: string | undefined,
  query: string | undefined,
): GroundingFilterResult[] {
  const out: GroundingFilterResult[] = [];
  for (const f of filters) {
    if (f.enabled === false) continue;
    let score: number;
    if (f.type === 'GROUNDING') {
      if (source === undefined) continue;
      score = groundingScore(answer, source, query ?? '');
    } else {
      if (query === undefined) continue;
      score = relevanceScore(answer, query, source ?? '');
    }
    const detected = score < f.threshold;
    const blocking = actionFor({ outputAction: f.action }, 'OUTPUT', 'BLOCK') === 'BLOCK';
    out.push({
      type: f.type,
      threshold: f.threshold,
      score,
      action: detected && blocking ? 'BLOCKED' : 'NONE',
      detected,
    });
  }
  return out;
}
