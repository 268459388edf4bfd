export {
  type CompareOptions,
  compareRunRows,
  compareRuns,
  type RunRows,
  readRunRows,
  resolveTargets,
  type TargetSelection,
} from './compare.ts';
export { formatComparison } from './format.ts';
export { lowerIsBetter } from './metric.ts';
export type * from './types.ts';
