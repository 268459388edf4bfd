/**
 * A small JSON path subset for response mappings: `$`, `.key`, `[0]` (negative counts from the end) and
 * `['key']` / `["key"]`, e.g. `$.outputs[0].text`, `$[0].generated_text`, `$['usage']['input_tokens']`.
 */

export type PathSegment = string | number;

const _TOKEN = /^(?:\.([A-Za-z_$][\w$-]*)|\[(-?\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

/** Parse a path into segments; throws an Error naming the path and where it stops making sense. */
export function parseJsonPath(path: string): PathSegment[] {
  if (!path.startsWith('$')) throw new Error(`JSON path ${JSON.stringify(path)} must start with $`);
  const out: PathSegment[] = [];
  let rest = path.slice(1);
  while (rest) {
    const m = _TOKEN.exec(rest);
    if (!m) throw new Error(`JSON path ${JSON.stringify(path)}: cannot read ${JSON.stringify(rest)}`);
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push((m[3] ?? m[4])!);
    rest = rest.slice(m[0].length);
  }
  return out;
}

/** The value at `segments`, or `{found: false}` when a step is missing (no exception). */
export function evalJsonPath(
  doc: unknown,
  segments: readonly PathSegment[],
): { found: boolean; value?: unknown } {
  let cur: unknown = doc;
  for (const seg of segments) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return { found: false };
      const i = seg < 0 ? cur.length + seg : seg;
      if (i < 0 || i >= cur.length) return { found: false };
      cur = cur[i];
    } else {
      if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, seg))
        return { found: false };
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return { found: true, value: cur };
}
