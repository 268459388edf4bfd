import { describe, expect, it } from 'vitest';
import { stripFrontMatter } from './front-matter.ts';
import { chunkMarkdown } from './markdown.ts';

const DOC = [
  '---', // 0-3
  'title: Billing guide', // 4-24
  'tags: [billing, refunds]', // 25-49
  'year: 2024', // 50-60
  '---', // 61-64
  'Intro text.', // body 0-11
  '',
  '# Guide',
  '',
  '## Billing',
  '',
  'Pay monthly. Or yearly.',
  '',
  '```',
  '# not a heading',
  '',
  'code',
  '```',
  '',
  '### Refunds ###',
  '',
  'Refunds within 30 days.',
  '',
].join('\n');

describe('stripFrontMatter', () => {
  it('parses the YAML mapping and returns the body with its offset', () => {
    const fm = stripFrontMatter(DOC);
    expect(fm.meta).toEqual({ title: 'Billing guide', tags: ['billing', 'refunds'], year: 2024 });
    expect(fm.offset).toBe(65);
    expect(fm.body.startsWith('Intro text.')).toBe(true);
    expect(DOC.slice(fm.offset)).toBe(fm.body);
  });

  it('no front matter, no closing fence, empty front matter', () => {
    expect(stripFrontMatter('# Title\n')).toEqual({ body: '# Title\n', offset: 0, meta: {} });
    expect(stripFrontMatter('---\nnot closed\n')).toEqual({ body: '---\nnot closed\n', offset: 0, meta: {} });
    expect(stripFrontMatter('---\n---\nbody')).toEqual({ body: 'body', offset: 8, meta: {} });
    expect(stripFrontMatter('---\r\na: 1\r\n...\r\nbody').meta).toEqual({ a: 1 });
  });

  it('names the line of invalid YAML and rejects non-mappings', () => {
    expect(() => stripFrontMatter('---\na: 1\nb: [unclosed\n---\n')).toThrow(
      /^front matter line \d+: invalid YAML/,
    );
    expect(() => stripFrontMatter('---\n- a\n- b\n---\n')).toThrow('expected a YAML mapping');
  });
});

describe('chunkMarkdown', () => {
  const body = stripFrontMatter(DOC).body;

  it('splits at headings, keeps the heading path, keeps fenced blocks whole and drops heading-only chunks', () => {
    const c = chunkMarkdown(body, { maxChars: 40 });
    expect(c).toEqual([
      { text: 'Intro text.', start: 0, end: 11 },
      { text: '## Billing\n\nPay monthly. Or yearly.', start: 22, end: 57, heading: 'Guide > Billing' },
      { text: '```\n# not a heading\n\ncode\n```', start: 59, end: 88, heading: 'Guide > Billing' },
      {
        text: '### Refunds ###\n\nRefunds within 30 days.',
        start: 90,
        end: 130,
        heading: 'Guide > Billing > Refunds',
      },
    ]);
    for (const x of c) expect(body.slice(x.start, x.end)).toBe(x.text);
  });

  it('packs several paragraphs of a section when they fit', () => {
    const c = chunkMarkdown(body, { maxChars: 200 });
    expect(c.map((x) => [x.start, x.end, x.heading])).toEqual([
      [0, 11, undefined],
      [22, 88, 'Guide > Billing'],
      [90, 130, 'Guide > Billing > Refunds'],
    ]);
  });

  it('falls back to sentences for a paragraph longer than maxChars; a new h2 pops the h3', () => {
    const t = '# A\n\n### Deep\n\nFirst sentence here. Second one here. Third.\n\n## B\n\nTail.';
    const c = chunkMarkdown(t, { maxChars: 22 });
    expect(c.map((x) => [x.text, x.heading])).toEqual([
      ['First sentence here.', 'A > Deep'],
      ['Second one here.', 'A > Deep'],
      ['Third.', 'A > Deep'],
      ['## B\n\nTail.', 'A > B'],
    ]);
    for (const x of c) expect(t.slice(x.start, x.end)).toBe(x.text);
  });
});
