/** Streamed JSONL reading: one JSON object per line; blank lines are ignored; a bad line does not stop the file. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RawRecord } from './types.ts';

function _kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Yield every non-blank line of a JSONL file as a record (row = 1-based line number). */
export async function* readJsonl(path: string): AsyncGenerator<RawRecord> {
  const source = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: source, crlfDelay: Number.POSITIVE_INFINITY });
  let row = 0;
  try {
    for await (const raw of lines) {
      row += 1;
      const line = row === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        yield { ok: false, row, message: `invalid JSON: ${why}` };
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        yield { ok: false, row, message: `expected a JSON object, got ${_kind(value)}` };
        continue;
      }
      yield { ok: true, row, values: value as Record<string, unknown> };
    }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    yield { ok: false, row: row + 1, message: `cannot read the file: ${why}`, fatal: true };
  } finally {
    lines.close();
    source.destroy();
  }
}
