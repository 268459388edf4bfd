/**
 * Sentence spans with offsets into the original text, and the shared `TextChunk` type.
 *
 * Boundaries:
 * - a paragraph break (a line that is empty or only whitespace);
 * - a line break followed by a Markdown list item (`- `, `* `, `+ `, `1. `, `1) `), a heading (`#`), a block
 *   quote (`>`) or a table row (`|`);
 * - `.`, `!` or `?` (optionally followed by closing quotes/brackets), then whitespace, then an upper-case
 *   letter, a digit or an opening quote/bracket — except after a common abbreviation (`e.g.`, `Dr.`, `vs.`, …)
 *   or a single-letter initial (`J. Smith`);
 * - CJK full stops `。！？` (no whitespace needed).
 * Each span is trimmed of surrounding whitespace, so `text === original.slice(start, end)`; empty spans are
 * dropped.
 */

/** A piece of a text: `text === original.slice(start, end)`, never empty, no leading/trailing whitespace. */
export interface TextChunk {
  text: string;
  start: number;
  end: number;
  /** Markdown heading path (`Billing > Refunds`) of the section the chunk belongs to (chunkMarkdown only). */
  heading?: string;
}

const _BLOCK_BREAK = /\n[ \t]*(?:\r?\n[ \t]*)+|\r?\n(?=[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|#|>|\|))/g;
const _SENTENCE_END = /[.!?]+["'’”)\]]*(?=\s+["'“‘([]?[\p{Lu}\p{N}])|[。！？]+/gu;
const _ABBREVIATIONS = new Set(
  'e.g i.e etc vs mr mrs ms dr prof st jr sr inc ltd co no fig approx dept est cf al'.split(' '),
);

/** Trim a span of whitespace; undefined when nothing is left. */
export function trimSpan(text: string, start: number, end: number): TextChunk | undefined {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  return s < e ? { text: text.slice(s, e), start: s, end: e } : undefined;
}

function _isAbbreviation(text: string, dotAt: number): boolean {
  const word = /(\S+)$/.exec(text.slice(Math.max(0, dotAt - 12), dotAt))?.[1] ?? '';
  const bare = word.replace(/^["'“‘([]+/, '').toLowerCase();
  return _ABBREVIATIONS.has(bare) || /^\p{L}$/u.test(bare);
}

function _splitBlock(text: string, start: number, end: number, out: TextChunk[]): void {
  const block = text.slice(start, end);
  let from = 0;
  for (const m of block.matchAll(_SENTENCE_END)) {
    const at = m.index ?? 0;
    if (m[0].startsWith('.') && _isAbbreviation(block, at)) continue;
    const cut = at + m[0].length;
    const span = trimSpan(text, start + from, start + cut);
    if (span) out.push(span);
    from = cut;
  }
  const last = trimSpan(text, start + from, end);
  if (last) out.push(last);
}

/** The sentences of a text as trimmed spans, in order (see the module comment for the rules). */
export function splitSentences(text: string): TextChunk[] {
  const out: TextChunk[] = [];
  let from = 0;
  for (const m of text.matchAll(_BLOCK_BREAK)) {
    const at = m.index ?? 0;
    _splitBlock(text, from, at, out);
    from = at + m[0].length;
  }
  _splitBlock(text, from, text.length, out);
  return out;
}

/**
 * Split one span into pieces of at most `maxChars` characters at whitespace; a single word longer than
 * `maxChars` is cut every `maxChars` characters.
 */
export function splitAtWords(text: string, start: number, end: number, maxChars: number): TextChunk[] {
  const words: Array<[number, number]> = [];
  for (const m of text.slice(start, end).matchAll(/\S+/g)) {
    const s = start + (m.index ?? 0);
    for (let p = s; p < s + m[0].length; p += maxChars)
      words.push([p, Math.min(p + maxChars, s + m[0].length)]);
  }
  const out: TextChunk[] = [];
  let i = 0;
  while (i < words.length) {
    const s = words[i]![0];
    let j = i;
    while (j + 1 < words.length && words[j + 1]![1] - s <= maxChars) j++;
    out.push({ text: text.slice(s, words[j]![1]), start: s, end: words[j]![1] });
    i = j + 1;
  }
  return out;
}
