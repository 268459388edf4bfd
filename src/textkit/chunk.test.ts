import { describe, expect, it } from 'vitest';
import { chunkFixed, chunkSentences } from './chunk.ts';
import { splitAtWords, splitSentences } from './sentences.ts';

function expectSpans(original: string, chunks: Array<{ text: string; start: number; end: number }>): void {
  for (const c of chunks) {
    expect(original.slice(c.start, c.end)).toBe(c.text);
    expect(c.text).toBe(c.text.trim());
    expect(c.text.length).toBeGreaterThan(0);
  }
}

describe('splitSentences', () => {
  const text =
    'Refunds take 5 days. Dr. Smith approved it! Is 9.99 the price? yes, e.g. Monday.\n\n- item one\n- item two. Next';

  it('splits at ., !, ? before a capital, at blank lines and list items; skips abbreviations', () => {
    const s = splitSentences(text);
    expect(s.map((x) => [x.text, x.start, x.end])).toEqual([
      ['Refunds take 5 days.', 0, 20],
      ['Dr. Smith approved it!', 21, 43],
      ['Is 9.99 the price? yes, e.g. Monday.', 44, 80],
      ['- item one', 82, 92],
      ['- item two.', 93, 104],
      ['Next', 105, 109],
    ]);
    expectSpans(text, s);
  });

  it('keeps a closing quote with its sentence and splits CJK full stops', () => {
    expect(splitSentences('He said "Stop." Then left.').map((s) => s.text)).toEqual([
      'He said "Stop."',
      'Then left.',
    ]);
    expect(splitSentences('今日は晴れ。明日は雨。').map((s) => s.text)).toEqual([
      '今日は晴れ。',
      '明日は雨。',
    ]);
  });

  it('splitAtWords cuts at whitespace and cuts over-long words', () => {
    const t = 'aaaa bb ccccccccc d';
    expect(splitAtWords(t, 0, t.length, 7).map((c) => [c.text, c.start, c.end])).toEqual([
      ['aaaa bb', 0, 7],
      ['ccccccc', 8, 15],
      ['cc d', 15, 19],
    ]);
  });
});

describe('chunkFixed', () => {
  it('words: size 3, overlap 1 → windows starting every 2 words with exact offsets', () => {
    const t = ' one two  three four five six seven ';
    const c = chunkFixed(t, { size: 3, overlap: 1, unit: 'words' });
    expect(c.map((x) => [x.text, x.start, x.end])).toEqual([
      ['one two  three', 1, 15],
      ['three four five', 10, 25],
      ['five six seven', 21, 35],
    ]);
    expectSpans(t, c);
  });

  it('chars: size 4, overlap 1 → stride 3, last window ends at the text end', () => {
    const c = chunkFixed('abcdefghij', { size: 4, overlap: 1, unit: 'chars' });
    expect(c.map((x) => [x.text, x.start, x.end])).toEqual([
      ['abcd', 0, 4],
      ['defg', 3, 7],
      ['ghij', 6, 10],
    ]);
  });

  it('chars windows are trimmed, whitespace-only windows dropped', () => {
    const t = 'ab    cd';
    const c = chunkFixed(t, { size: 3, overlap: 0, unit: 'chars' });
    expect(c.map((x) => [x.text, x.start, x.end])).toEqual([
      ['ab', 0, 2],
      ['cd', 6, 8],
    ]);
  });

  it('returns nothing for empty text and rejects bad options', () => {
    expect(chunkFixed('   ', { size: 5, overlap: 0, unit: 'words' })).toEqual([]);
    expect(() => chunkFixed('x', { size: 3, overlap: 3, unit: 'words' })).toThrow('overlap must be smaller');
    expect(() => chunkFixed('x', { size: 0, overlap: 0, unit: 'chars' })).toThrow(
      'size must be an integer >= 1',
    );
  });
});

describe('chunkSentences', () => {
  const t = 'One two. Three four five. Six. Seven eight nine ten eleven twelve.';

  it('packs whole sentences up to maxChars (measured on the original span)', () => {
    const c = chunkSentences(t, { maxChars: 30 });
    expect(c.map((x) => [x.text, x.start, x.end])).toEqual([
      ['One two. Three four five. Six.', 0, 30],
      ['Seven eight nine ten eleven', 31, 58],
      ['twelve.', 59, 66],
    ]);
    expectSpans(t, c);
    for (const x of c) expect(x.text.length).toBeLessThanOrEqual(30);
  });

  it('repeats overlapSentences sentences when that leaves room for a new one', () => {
    // pieces: 'One two.' 0-8, 'Three four five.' 9-25, 'Six.' 26-30, 'Seven eight nine ten' 31-51 and
    // 'eleven twelve.' 52-66 (the 35-char last sentence split at words). Repeating 'Seven eight nine ten'
    // would leave no room for 'eleven twelve.' (66 - 31 = 35 > 25), so the last chunk has no overlap.
    const c = chunkSentences(t, { maxChars: 25, overlapSentences: 1 });
    expect(c.map((x) => x.text)).toEqual([
      'One two. Three four five.',
      'Three four five. Six.',
      'Six. Seven eight nine ten',
      'eleven twelve.',
    ]);
    expectSpans(t, c);
  });
});
