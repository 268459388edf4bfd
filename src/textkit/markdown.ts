/**
 * Heading-aware Markdown chunker.
 * - Sections start at ATX headings (`#`…`######` followed by a space; up to 3 leading spaces); lines inside
 *   fenced code blocks (``` or ~~~) are never headings. Setext (underlined) headings are not recognised.
 * - Each chunk's `heading` is the path of headings above it (`Guide > Billing > Refunds`); text before the
 *   first heading has no `heading`.
 * - Within a section, paragraphs (runs of non-blank lines; a fenced block is one paragraph even with blank
 *   lines inside; the heading line is a paragraph of its own) are packed greedily while the chunk spans at
 *   most `maxChars` characters of the original. A paragraph longer than `maxChars` is split into sentence
 *   chunks (chunkSentences) which are packed like paragraphs. Chunks never cross a section boundary.
 * - A chunk made only of the heading line is dropped (its heading still names the section's other chunks),
 *   so a heading directly followed by a sub-heading yields no chunk of its own.
 */
import { chunkSentences, packSpans } from './chunk.ts';
import { type TextChunk, trimSpan } from './sentences.ts';

export interface MarkdownChunkOptions {
  /** Maximum chunk length in characters (integer >= 1). */
  maxChars: number;
}

interface _Line {
  start: number;
  /** End without the line break. */
  end: number;
  text: string;
}

interface _Section {
  heading: string | undefined;
  /** The heading line's span, when the section starts at a heading. */
  headingLine?: _Line;
  lines: _Line[];
}

const _HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const _FENCE = /^ {0,3}(`{3,}|~{3,})/;

function _lines(text: string): _Line[] {
  const out: _Line[] = [];
  let start = 0;
  for (const m of text.matchAll(/\r?\n/g)) {
    out.push({ start, end: m.index, text: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length, text: text.slice(start) });
  return out;
}

function _sections(text: string): _Section[] {
  const sections: _Section[] = [{ heading: undefined, lines: [] }];
  const path: string[] = [];
  let fence: string | undefined;
  for (const line of _lines(text)) {
    const f = _FENCE.exec(line.text)?.[1];
    if (f && (!fence || (f[0] === fence[0] && f.length >= fence.length))) fence = fence ? undefined : f;
    const h = fence || f ? undefined : _HEADING.exec(line.text);
    if (h?.[1]) {
      path.length = Math.min(path.length, h[1].length - 1);
      while (path.length < h[1].length - 1) path.push('');
      path.push((h[2] ?? '').trim());
      sections.push({
        heading: path.filter((p) => p).join(' > ') || undefined,
        headingLine: line,
        lines: [],
      });
    } else {
      sections[sections.length - 1]!.lines.push(line);
    }
  }
  return sections;
}

/** Paragraph spans of a section body: blank lines separate, fenced blocks stay whole. */
function _paragraphs(text: string, lines: _Line[]): TextChunk[] {
  const out: TextChunk[] = [];
  let start: number | undefined;
  let end = 0;
  let fence: string | undefined;
  const flush = (): void => {
    const span = start === undefined ? undefined : trimSpan(text, start, end);
    if (span) out.push(span);
    start = undefined;
  };
  for (const line of lines) {
    const f = _FENCE.exec(line.text)?.[1];
    if (f && (!fence || (f[0] === fence[0] && f.length >= fence.length))) fence = fence ? undefined : f;
    if (!fence && !f && !line.text.trim()) {
      flush();
      continue;
    }
    start ??= line.start;
    end = line.end;
  }
  flush();
  return out;
}

export function chunkMarkdown(text: string, opts: MarkdownChunkOptions): TextChunk[] {
  const max = opts.maxChars;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxChars must be an integer >= 1, got ${max}`);
  const out: TextChunk[] = [];
  for (const section of _sections(text)) {
    const paras = _paragraphs(text, section.lines);
    if (paras.length === 0) continue;
    const head = section.headingLine && trimSpan(text, section.headingLine.start, section.headingLine.end);
    const pieces = (head ? [head] : []).concat(
      paras.flatMap((p) =>
        p.text.length <= max
          ? [p]
          : chunkSentences(p.text, { maxChars: max }).map((c) => ({
              text: c.text,
              start: p.start + c.start,
              end: p.start + c.end,
            })),
      ),
    );
    for (const c of packSpans(text, pieces, max)) {
      if (head && c.start === head.start && c.end === head.end) continue;
      out.push(section.heading === undefined ? c : { ...c, heading: section.heading });
    }
  }
  return out;
}
