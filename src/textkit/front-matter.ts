/**
 * YAML front matter: a document that starts with a `---` line (optionally after a BOM) and has a later line
 * `---` or `...` carries YAML metadata between the two. Without a closing line there is no front matter.
 */
import { parseDocument } from 'yaml';

export interface FrontMatter {
  /** The text after the closing fence line (the whole text when there is no front matter). */
  body: string;
  /** Where `body` starts in the original text: chunk offsets in `body` + offset = offsets in the original. */
  offset: number;
  /** The parsed mapping ({} when absent or empty). */
  meta: Record<string, unknown>;
}

const _OPEN = /^\uFEFF?---[ \t]*\r?\n/;
const _CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

/**
 * Split front matter from a document. Throws an Error naming the line (of the whole document) when the YAML
 * is invalid or is not a mapping.
 */
export function stripFrontMatter(text: string): FrontMatter {
  const open = _OPEN.exec(text);
  if (!open) return { body: text, offset: 0, meta: {} };
  const rest = text.slice(open[0].length);
  const close = _CLOSE.exec(rest);
  if (!close) return { body: text, offset: 0, meta: {} };
  const yamlText = rest.slice(0, close.index);
  const offset = open[0].length + close.index + close[0].length;
  const doc = parseDocument(yamlText, { prettyErrors: true });
  const err = doc.errors[0];
  if (err) {
    const line = (err.linePos?.[0].line ?? 0) + 1;
    throw new Error(`front matter line ${line}: invalid YAML: ${err.message.split('\n')[0]}`);
  }
  const meta: unknown = doc.toJS();
  if (meta === null || meta === undefined) return { body: text.slice(offset), offset, meta: {} };
  if (typeof meta !== 'object' || Array.isArray(meta)) {
    throw new Error('front matter line 2: expected a YAML mapping (key: value lines)');
  }
  return { body: text.slice(offset), offset, meta: meta as Record<string, unknown> };
}
