import type { LoadedSuite } from '../config/index.ts';
import { EvalgateError } from '../core/errors.ts';
import type { EvalCase } from '../core/types.ts';
import { loadDataset } from '../datasets/index.ts';
import { inShard, type Shard } from '../plan/shard.ts';

/** What a scan of a suite's datasets found: how many cases and bad rows (no case is kept). */
export interface CaseScan {
  count: number;
  badRows: number;
}

/**
 * Every case of a suite's datasets, in order, as a stream (nothing is held). Bad rows are reported through
 * `onBadRow` (with `onBadRow: fail` on the dataset, the first bad row throws); a case id used twice throws,
 * naming both rows. The duplicate check keeps one compact entry per id (not the case).
 */
export async function* eachCase(
  loaded: LoadedSuite,
  onBadRow: (err: EvalgateError) => void,
): AsyncGenerator<EvalCase> {
  // id → row × 64 + dataset index (one number per id, so 100,000 ids cost a few MB)
  const seen = new Map<string, number>();
  const specs = loaded.suite.datasets;
  for (const [index, spec] of specs.entries()) {
    const { absolute, display } = loaded.datasetPaths(spec.path);
    for await (const item of loadDataset({ ...spec, path: absolute }, display)) {
      if (!item.ok) {
        if (spec.onBadRow === 'fail') throw item.error;
        onBadRow(item.error);
        continue;
      }
      const { id, source } = item.case;
      const previous = seen.get(id);
      if (previous !== undefined) {
        const other = specs[previous % 64];
        const file = other ? loaded.datasetPaths(other.path).display : source.file;
        throw new EvalgateError(
          'DATASET_ROW',
          `case id "${id}" already used at ${file} row ${Math.floor(previous / 64)}`,
          `${source.file} row ${source.row}`,
        );
      }
      seen.set(id, source.row * 64 + (index % 64));
      yield item.case;
    }
  }
}

/**
 * Reads the datasets once to count cases (of `shard` only, when given) and bad rows (all of them, whatever shard
 * they would be in), with the checks of `eachCase`.
 */
export async function scanCases(
  loaded: LoadedSuite,
  onBadRow: (err: EvalgateError) => void,
  shard?: Shard,
): Promise<CaseScan> {
  let count = 0;
  let badRows = 0;
  const counting = (err: EvalgateError) => {
    badRows++;
    onBadRow(err);
  };
  for await (const _ of inShard(eachCase(loaded, counting), shard)) count++;
  return { count, badRows };
}

/** Every case of a suite held in memory (dry runs and load generators; the runner streams). */
export async function loadCases(
  loaded: LoadedSuite,
  onBadRow: (err: EvalgateError) => void,
): Promise<{ cases: EvalCase[]; badRows: number }> {
  const cases: EvalCase[] = [];
  let badRows = 0;
  for await (const c of eachCase(loaded, (err) => {
    badRows++;
    onBadRow(err);
  }))
    cases.push(c);
  return { cases, badRows };
}
