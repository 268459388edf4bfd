import type { LoadedSuite } from '../config/index.ts';
import { EvalgateError } from '../core/errors.ts';
import type { EvalCase } from '../core/types.ts';
import { loadDataset } from '../datasets/index.ts';

/**
 * Reads every dataset of a suite (streamed). Bad rows are collected and reported; with `onBadRow: fail`
 * the first bad row stops the run before any call is made.
 */
export async function loadCases(
  loaded: LoadedSuite,
  onBadRow: (err: EvalgateError) => void,
): Promise<{ cases: EvalCase[]; badRows: number }> {
  const cases: EvalCase[] = [];
  const seen = new Map<string, string>();
  let badRows = 0;
  for (const spec of loaded.suite.datasets) {
    const { absolute, display } = loaded.datasetPaths(spec.path);
    for await (const item of loadDataset({ ...spec, path: absolute }, display)) {
      if (!item.ok) {
        badRows++;
        if (spec.onBadRow === 'fail') throw item.error;
        onBadRow(item.error);
        continue;
      }
      const where = `${item.case.source.file} row ${item.case.source.row}`;
      const previous = seen.get(item.case.id);
      if (previous !== undefined) {
        throw new EvalgateError(
          'DATASET_ROW',
          `case id "${item.case.id}" already used at ${previous}`,
          where,
        );
      }
      seen.set(item.case.id, where);
      cases.push(item.case);
    }
  }
  return { cases, badRows };
}
