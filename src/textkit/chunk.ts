/**
 * Fixed-size and sentence chunkers. Every chunk is a trimmed span of the original text
 * (`chunk.text === text.slice(chunk.start, chunk.end)`), in document order; empty chunks are never returned.
 */
import { splitAtWords, splitSentences, type TextChunk, trimSpan } from './sentences.ts';

export interface FixedChunkOptions {
  /** Window size in `unit`s (integer >= 1). */
  size: number;
  /** Units shared by consecutive windows (integer, 0 <= overlap < size). */
  overlap: number;
  /**
   * `chars`: windows of exactly `size` characters starting every `size - overlap` characters (then trimmed,
   * so words may be cut). `words`: windows of `size` whitespace-separated words starting every
   * `size - overlap` words; a chunk runs from its first word's start to its last word's end.
   */
  unit: 'chars' | 'words';
}

export interface SentenceChunkOptions {
  /** Maximum chunk length in characters, measured on the original span (integer >= 1). */
  maxChars: number;
  /** Sentences repeated at the start of the next chunk (default 0). */
  overlapSentences?: number;
}

function _int(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${v}`);
}

export function chunkFixed(text: string, opts: FixedChunkOptions): TextChunk[] {
  _int('size', opts.size, 1);
  _int('overlap', opts.overlap, 0);
  if (opts.overlap >= opts.size) {
    throw new RangeError(
      `overlap must be smaller than size, got overlap ${opts.overlap} >= size ${opts.size}`,
    );
  }
  const stride = opts.size - opts.overlap;
  const out: TextChunk[] = [];
  if (opts.unit === 'chars') {
    for (let s = 0; s < text.length; s += stride) {
      const e = Math.min(s + opts.size, text.length);
      const span = trimSpan(text, s, e);
      if (span) out.push(span);
      if (e >= text.length) break;
    }
    return out;
  }
  const words = [...text.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  for (let i = 0; i < words.length; i += stride) {
    const j = Math.min(i + opts.size, words.length);
    const s = words[i]![0];
    const e = words[j - 1]![1];
    out.push({ text: text.slice(s, e), start: s, end: e });
    if (j >= words.length) break;
  }
  return out;
}

/**
 * Greedily pack consecutive pieces while the span from the first piece's start to the last piece's end is at
 * most `maxChars`. The next chunk repeats up to `overlap` pieces of the previous one: as many as leave room
 * for at least one new piece (so no chunk is contained in the one before it).
 */
export function packSpans(text: string, pieces: TextChunk[], maxChars: number, overlap = 0): TextChunk[] {
  const out: TextChunk[] = [];
  let i = 0;
  while (i < pieces.length) {
    const s = pieces[i]!.start;
    let j = i;
    while (j + 1 < pieces.length && pieces[j + 1]!.end - s <= maxChars) j++;
    const e = pieces[j]!.end;
    out.push({ text: text.slice(s, e), start: s, end: e });
    if (j + 1 >= pieces.length) break;
    const nextEnd = pieces[j + 1]!.end;
    i = Math.max(i + 1, j + 1 - overlap);
    while (i <= j && nextEnd - pieces[i]!.start > maxChars) i++;
  }
  return out;
}

/**
 * Pack whole sentences (splitSentences) into chunks of at most `maxChars` characters. A sentence longer than
 * `maxChars` is split at whitespace into pieces of at most `maxChars` (splitAtWords) and those are packed.
 */
export function chunkSentences(text: string, opts: SentenceChunkOptions): TextChunk[] {
  _int('maxChars', opts.maxChars, 1);
  const overlap = opts.overlapSentences ?? 0;
  _int('overlapSentences', overlap, 0);
  const pieces = splitSentences(text).flatMap((s) =>
    s.text.length <= opts.maxChars ? [s] : splitAtWords(text, s.start, s.end, opts.maxChars),
  );
  return packSpans(text, pieces, opts.maxChars, overlap);
}
