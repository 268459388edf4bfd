import type { EvalgateError } from '../core/errors.ts';
import type { EvalCase } from '../core/types.ts';

export interface DatasetSpec {
  /** Absolute path of a .csv (header row + rows) or .jsonl (one JSON object per line) file. */
  path: string;
  /** skip (default): yield bad rows as error items and go on; fail: yield the first error item and stop. */
  onBadRow?: 'skip' | 'fail';
  /** Stop after this many valid rows. */
  limit?: number;
}

/** One row of a dataset: a case, or the reason the row could not be used. */
export type DatasetItem = { ok: true; case: EvalCase } | { ok: false; error: EvalgateError };

/**
 * A raw record from a format reader, before ids are assigned. `row` is the 1-based line where the record
 * starts (for CSV the header is line 1, so with no multi-line fields it is the spreadsheet row number).
 * `fatal` errors end the file (the reader cannot resynchronise, e.g. an unclosed quote).
 */
export type RawRecord =
  | { ok: true; row: number; values: Record<string, unknown> }
  | { ok: false; row: number; message: string; fatal?: boolean };
