/** Find JSON in model output: the whole text, the first ```json fenced block, or the first {...} object. */

export type JsonFound =
  | { ok: true; value: unknown; from: 'text' | 'fence' | 'object' }
  | { ok: false; error: string };

const FENCE = /```[ \t]*(?:json[c5]?)?[ \t]*\r?\n([\s\S]*?)```/i;
/** Cap on `{` start positions tried, so a long brace-heavy text stays linear-ish. */
const MAX_OBJECT_STARTS = 50;

function _parse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** End index (exclusive) of the balanced `{...}` starting at `start`, honouring JSON strings; -1 if unbalanced. */
function _objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The first `{...}` substring that parses as JSON. */
function _firstObject(text: string): { value: unknown } | undefined {
  let start = text.indexOf('{');
  for (let tries = 0; start >= 0 && tries < MAX_OBJECT_STARTS; tries++) {
    const end = _objectEnd(text, start);
    if (end > 0) {
      const parsed = _parse(text.slice(start, end));
      if (parsed.ok) return { value: parsed.value };
    }
    start = text.indexOf('{', start + 1);
  }
  return undefined;
}

/**
 * Parse `text` as JSON. With `extract`, fall back to the first fenced code block (```json or bare ```), then
 * to the first balanced `{...}` object that parses. The error is the whole-text parse error.
 */
export function findJson(text: string, extract: boolean): JsonFound {
  const whole = _parse(text.trim());
  if (whole.ok) return { ok: true, value: whole.value, from: 'text' };
  if (extract) {
    const fence = FENCE.exec(text);
    if (fence?.[1] !== undefined) {
      const parsed = _parse(fence[1].trim());
      if (parsed.ok) return { ok: true, value: parsed.value, from: 'fence' };
    }
    const object = _firstObject(text);
    if (object) return { ok: true, value: object.value, from: 'object' };
  }
  return { ok: false, error: whole.error };
}
