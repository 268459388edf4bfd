/** The variable names a dataset provides, read from its first row only (CSV header / first JSONL object). */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { EvalgateError } from '../core/errors.ts';

async function _csvHeader(path: string): Promise<string[]> {
  const source = createReadStream(path);
  const parser = source.pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true, to_line: 1 }),
  );
  source.on('error', (err) => parser.destroy(err));
  try {
    for await (const record of parser as AsyncIterable<string[]>) return record;
    return [];
  } finally {
    parser.destroy();
    source.destroy();
  }
}

async function _jsonlKeys(path: string): Promise<string[]> {
  const source = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: source, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const raw of lines) {
      const line = raw.replace(/^\uFEFF/, '').trim();
      if (line === '') continue;
      try {
        const value: unknown = JSON.parse(line);
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.keys(value);
      } catch {
        // a bad line is reported when the dataset is loaded; look at the next one
      }
    }
    return [];
  } finally {
    lines.close();
    source.destroy();
  }
}

/**
 * Column names of a .csv (its header) or field names of a .jsonl (the first valid object). Empty when the file
 * is empty. Throws EvalgateError (DATASET_FILE) when the file cannot be read.
 */
export async function readDatasetColumns(path: string, displayPath: string = path): Promise<string[]> {
  try {
    return path.toLowerCase().endsWith('.jsonl') ? await _jsonlKeys(path) : await _csvHeader(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : `cannot read the header (${(err as Error).message.split('\n')[0]})`;
    throw new EvalgateError('DATASET_FILE', why, displayPath);
  }
}
