/** `evalgate select`: rank a run's candidates by cost, judge them against a quality bar with confidence, choose. */
export { type BarFlags, parseBarExpr, type ResolvedBar, repeatedFlag, resolveBar } from './bar.ts';
export { candidateLabel, fmtCostPer1k, formatSelection, recommendationLines } from './format.ts';
export { type ReadSelectOptions, readSelectInput, toSelectInput } from './read-run.ts';
export { ruleId } from './rules.ts';
export { resolveReference, selectCandidates } from './select.ts';
export type * from './types.ts';
export { costPer1k, latencyQuantiles, lowerIsBetter, valuesOf } from './values.ts';
