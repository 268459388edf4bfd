/** Raw records → EvalCases: ids (the `id` column or `<file>#<row>`), duplicate-id detection, `expected`. */
import type { EvalCase } from '../core/types.ts';

/** A field value as text: strings as they are, other JSON values serialised; null/undefined → undefined. */
function _text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export type CaseResult = { ok: true; case: EvalCase } | { ok: false; message: string };

/** Builds cases for one file, remembering ids to report duplicates. */
export class CaseBuilder {
  readonly #seen = new Map<string, number>();

  constructor(
    readonly displayPath: string,
    readonly rowWord: 'row' | 'line',
  ) {}

  build(row: number, values: Record<string, unknown>): CaseResult {
    let id = `${this.displayPath}#${row}`;
    if ('id' in values) {
      const raw = values.id;
      if (typeof raw === 'object' && raw !== null)
        return { ok: false, message: 'id must be a string or number' };
      const text = _text(raw)?.trim() ?? '';
      if (text === '')
        return { ok: false, message: 'empty id (give every row an id, or drop the id column)' };
      const first = this.#seen.get(text);
      if (first !== undefined) {
        return { ok: false, message: `duplicate case id "${text}" (first used at ${this.rowWord} ${first})` };
      }
      this.#seen.set(text, row);
      id = text;
    }
    const evalCase: EvalCase = { id, source: { file: this.displayPath, row }, vars: values };
    const expected = _text(values.expected);
    if (expected !== undefined) evalCase.expected = expected;
    return { ok: true, case: evalCase };
  }
}
