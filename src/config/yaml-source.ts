/**
 * A suite's YAML text, parsed with positions kept (the `yaml` package's Document + LineCounter), so that a path
 * such as `targets[1].concurrency` maps back to `line:col` in the file.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { EvalgateError } from '../core/errors.ts';
import type { IssuePath } from './issues.ts';

export interface YamlSource {
  /** File name for messages (relative to cwd). */
  displayFile: string;
  /** The parsed value (plain JS). */
  data: unknown;
  /** `line:col` (1-based) of the node at `path`, or of its nearest existing ancestor. */
  locate(path: IssuePath, at?: 'key' | 'value'): string;
}

interface _Found {
  node: Node | null;
  key: Node | null;
}

/** Walk the document along `path`; stops at the deepest node that exists. */
function _walk(root: Node | null, path: IssuePath): _Found {
  let node: Node | null = root;
  let key: Node | null = null;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) return { node, key: null };
      key = isScalar(pair.key) ? pair.key : null;
      // `key:` with no value (null, or an empty scalar after the colon): point at the key.
      const value = pair.value as Node | null;
      const empty = !value || (isScalar(value) && value.range != null && value.range[0] === value.range[1]);
      node = empty ? key : value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) return { node, key: null };
      node = item;
      key = null;
    } else {
      return { node, key: null };
    }
  }
  return { node, key };
}

/** `suites/x.yaml:5:1: YAML syntax error: …` for the first parse error. */
function _yamlError(
  displayFile: string,
  text: string,
  err: { code: string; message: string; pos: [number, number] },
  lc: LineCounter,
) {
  const { line, col } = lc.linePos(err.pos[0]);
  let what = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?\s*$/, '');
  if (err.code === 'DUPLICATE_KEY') {
    const name = /^\s*["']?([^"':\n]*)/.exec(text.slice(err.pos[0]))?.[1]?.trim() ?? '';
    what = `duplicate key "${name}" (map keys must be unique)`;
  }
  return new EvalgateError('CONFIG_YAML', `YAML syntax error: ${what}`, `${displayFile}:${line}:${col}`);
}

/** Parse YAML text; throws EvalgateError (CONFIG_YAML) on syntax errors, duplicate keys and bad aliases. */
export function parseYamlSource(text: string, displayFile: string): YamlSource {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) throw _yamlError(displayFile, text, first, lc);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new EvalgateError('CONFIG_YAML', `YAML syntax error: ${msg}`, `${displayFile}:1:1`);
  }
  const root = doc.contents as Node | null;
  return {
    displayFile,
    data,
    locate(path, at = 'value') {
      const found = _walk(root, path);
      const target = at === 'key' && found.key ? found.key : found.node;
      const offset = target?.range?.[0] ?? 0;
      const { line, col } = lc.linePos(offset);
      return `${line}:${col}`;
    },
  };
}
