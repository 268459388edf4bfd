export { readDatasetColumns } from './columns.ts';
export { collectDataset, loadDataset } from './load-dataset.ts';
export type { DatasetItem, DatasetSpec } from './types.ts';
