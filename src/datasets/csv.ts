/**
 * Streamed CSV reading (csv-parse, header row → column names). A row with the wrong number of fields becomes
 * an error record and reading goes on; quoting errors end the file with one error record.
 */
import { createReadStream } from 'node:fs';
import { type CsvError, type Info, parse } from 'csv-parse';
import type { RawRecord } from './types.ts';

/** Thrown from the `columns` callback when the header itself is unusable. */
class _HeaderError extends Error {}

/** Header names: non-empty and unique (csv-parse would silently keep the last of two equal names). */
function _checkHeader(header: string[]): string[] {
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name.trim() === '') throw new _HeaderError(`column ${i + 1} of the header has no name`);
    if (seen.has(name)) throw new _HeaderError(`duplicate column "${name}" in the header`);
    seen.add(name);
  });
  return header;
}

const _FATAL = '; stopped reading this file';

function _skipMessage(err: CsvError): { message: string; fatal: boolean } {
  const ctx = err as CsvError & { record?: unknown[]; columns?: unknown[] };
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return {
        message: `expected ${ctx.columns?.length ?? '?'} columns, got ${ctx.record?.length ?? '?'}`,
        fatal: false,
      };
    case 'CSV_QUOTE_NOT_CLOSED':
      return { message: `unclosed quote: a quoted field starts here and never ends${_FATAL}`, fatal: true };
    case 'CSV_INVALID_CLOSING_QUOTE': {
      const got = /got "([^"]*)"/.exec(err.message)?.[1] ?? '?';
      return {
        message: `bad quoting: a closing quote must be followed by a comma or line end, got "${got}"${_FATAL}`,
        fatal: true,
      };
    }
    default:
      return {
        message: `${(err.message.split('\n')[0] ?? '').replace(/ at line \d+.*$/, '')}${_FATAL}`,
        fatal: true,
      };
  }
}

interface _Wrapped {
  values: Record<string, string>;
  row: number;
  before: RawRecord[];
}

/** Yield every record of a CSV file, in file order, with the line where it starts. */
export async function* readCsv(path: string): AsyncGenerator<RawRecord> {
  let pending: RawRecord[] = [];
  let lastEnd = 1; // the header
  let lastEmpty = 0;
  const startOf = (ctx: Pick<Info, 'lines' | 'empty_lines'>): number => {
    const start = lastEnd + 1 + (ctx.empty_lines - lastEmpty);
    lastEnd = ctx.lines;
    lastEmpty = ctx.empty_lines;
    return start;
  };
  const source = createReadStream(path);
  const parser = source.pipe(
    parse({
      bom: true,
      columns: _checkHeader,
      relax_column_count: false,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        if (!err) return;
        const { message, fatal } = _skipMessage(err);
        pending.push({ ok: false, row: startOf(err as unknown as Info), message, fatal });
      },
      on_record: (values: Record<string, string>, ctx): _Wrapped => {
        const before = pending;
        pending = [];
        return { values, row: startOf(ctx), before };
      },
    }),
  );
  source.on('error', (err) => parser.destroy(err));
  try {
    for await (const wrapped of parser as AsyncIterable<_Wrapped>) {
      for (const item of wrapped.before) {
        yield item;
        if (!item.ok && item.fatal) return;
      }
      yield { ok: true, row: wrapped.row, values: wrapped.values };
    }
    for (const item of pending) {
      yield item;
      if (!item.ok && item.fatal) return;
    }
  } catch (err) {
    const header = err instanceof _HeaderError || (err as { cause?: unknown }).cause instanceof _HeaderError;
    const message = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    yield {
      ok: false,
      row: header ? 1 : lastEnd + 1,
      message: header ? message : `${message}${_FATAL}`,
      fatal: true,
    };
  } finally {
    parser.destroy();
    source.destroy();
  }
}
