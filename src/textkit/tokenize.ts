/**
 * Word tokens for retrieval: lower-cased runs of Unicode letters, marks and digits.
 * - a `.` between two digits is kept (`9.99`, `10.0.0.1`), a `,` between a digit and exactly three digits is a
 *   thousands separator and dropped (`1,000` → `1000`); elsewhere `.`/`,` separate tokens;
 * - an apostrophe between letters is dropped (`don't` → `dont`, `customer’s` → `customers`);
 * - everything else (spaces, hyphens, slashes, `_`, punctuation, symbols) separates tokens, so `2TB` → `2tb`,
 *   `state-of-the-art` → `state`, `of`, `the`, `art`, `$9.99/mo` → `9.99`, `mo`.
 */

const _TOKEN =
  /(?:[\p{L}\p{M}\p{N}]|(?<=\p{N})\.(?=\p{N})|(?<=\p{N}),(?=\p{N}{3}(?!\p{N}))|(?<=\p{L})['’](?=\p{L}))+/gu;

/** Lower-cased word tokens of a text (see the module comment for the exact rule). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(_TOKEN)) out.push(m[0].replace(/['’,]/g, '').toLowerCase());
  return out;
}

/**
 * A small English stopword list (function words, auxiliaries, pronouns): removed by `Bm25` and
 * `contentTokens`, down-weighted by `hashedEmbedding`. Question words (what, how, …) are included.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have ' +
    'having he her here hers herself him himself his how i if in into is it its itself me more most my ' +
    'myself nor of off on once only or other our ours ourselves out over own same she should so some such ' +
    'than that the their theirs them themselves then there these they this those through to too under ' +
    'until up very was we were what when where which while who whom why will with would you your yours ' +
    'yourself yourselves also just may might must shall us'
  ).split(' '),
);

/** `tokenize` minus STOPWORDS. */
export function contentTokens(text: string): string[] {
  return tokenize(text).filter((t) => !STOPWORDS.has(t));
}

/**
 * A light English stemmer: plural `-ies` → `y`, `-sses` → `ss`, plural `-s` (not `-ss`/`-us`/`-is`), and
 * `-ing` / `-ed` on words longer than 5 letters. Tokens starting with a digit are left alone.
 */
export function stemLight(word: string): string {
  if (word.length <= 3 || /^\p{N}/u.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 5) return word.slice(0, -2);
  return word;
}
