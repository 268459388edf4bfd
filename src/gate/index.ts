export {
  canaryStages,
  DEFAULT_CANARY_RULES,
  DEFAULT_STAGES,
  evaluateCanaryStage,
  nextStageOf,
  type StageInput,
} from './canary.ts';
export { evaluateGate, fmt } from './evaluate.ts';
export { verdictExitCode } from './exit-code.ts';
export {
  type LiveMetrics,
  LiveMetricsSchema,
  liveSide,
  parseLiveMetrics,
  type StageSide,
} from './live-metrics.ts';
export type * from './types.ts';
