/** Routing evaluation: the summary of router candidates against their all-strong baseline, and its text form. */
export { type RouterTargetConfig, routerTargets } from './config.ts';
export { formatRoutingSummaries, formatRoutingSummary } from './format.ts';
export {
  type LatencyFigures,
  type QualityComparison,
  type RoutingSummary,
  type RoutingSummaryOptions,
  routingSummaries,
  routingSummary,
} from './summary.ts';
