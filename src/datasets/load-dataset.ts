/** Stream a dataset file as DatasetItems: cases, and one error item per bad row (never thrown). */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { EvalgateError } from '../core/errors.ts';
import type { EvalCase } from '../core/types.ts';
import { CaseBuilder } from './cases.ts';
import { readCsv } from './csv.ts';
import { readJsonl } from './jsonl.ts';
import type { DatasetItem, DatasetSpec, RawRecord } from './types.ts';

function _format(path: string): 'csv' | 'jsonl' | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl') return 'jsonl';
  return undefined;
}

async function _fileProblem(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? undefined : 'not a file';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`;
  }
}

/**
 * Read a dataset as a stream of items. Bad rows become `{ ok: false }` items (code DATASET_ROW, message like
 * `datasets/x.csv row 7: expected 4 columns, got 3`) and reading goes on — unless `onBadRow: 'fail'`, which
 * yields the first error item and stops. A missing or unsupported file yields one DATASET_FILE error item.
 * `displayPath` names the file in messages and in generated case ids (`<displayPath>#<row>`).
 */
export async function* loadDataset(spec: DatasetSpec, displayPath: string): AsyncGenerator<DatasetItem> {
  const format = _format(spec.path);
  const problem = format ? await _fileProblem(spec.path) : 'expected a .csv or .jsonl file';
  if (problem !== undefined || format === undefined) {
    yield { ok: false, error: new EvalgateError('DATASET_FILE', problem ?? 'unsupported file', displayPath) };
    return;
  }
  const rowWord = format === 'csv' ? 'row' : 'line';
  const builder = new CaseBuilder(displayPath, rowWord);
  const records: AsyncGenerator<RawRecord> = format === 'csv' ? readCsv(spec.path) : readJsonl(spec.path);
  let valid = 0;
  if (spec.limit !== undefined && spec.limit <= 0) return;
  for await (const record of records) {
    const built = record.ok
      ? builder.build(record.row, record.values)
      : { ok: false as const, message: record.message };
    if (built.ok) {
      yield built;
      valid += 1;
      if (spec.limit !== undefined && valid >= spec.limit) break;
      continue;
    }
    const where = `${displayPath} ${rowWord} ${record.row}`;
    yield { ok: false, error: new EvalgateError('DATASET_ROW', built.message, where) };
    if (spec.onBadRow === 'fail') break;
  }
}

/**
 * Read a whole dataset into memory: the cases plus the errors of bad rows. With `onBadRow: 'fail'` the first
 * error is thrown instead (so a run stops before it starts).
 */
export async function collectDataset(
  spec: DatasetSpec,
  displayPath: string,
): Promise<{ cases: EvalCase[]; errors: EvalgateError[] }> {
  const cases: EvalCase[] = [];
  const errors: EvalgateError[] = [];
  for await (const item of loadDataset(spec, displayPath)) {
    if (item.ok) cases.push(item.case);
    else if (spec.onBadRow === 'fail' || item.error.code === 'DATASET_FILE') throw item.error;
    else errors.push(item.error);
  }
  return { cases, errors };
}
