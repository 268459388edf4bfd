export { judgeProviderFor, withRetry } from '../runner/judge-provider.ts';
export {
  agreementFigures,
  type ItemAgreement,
  itemAgreement,
  type JudgeVerdict,
  toScale,
} from './agreement.ts';
export {
  CALIBRATED_JUDGES,
  type CalibratedJudge,
  type LabelKind,
  type LabelledItem,
  type LabelsFile,
  labelKindOf,
  loadLabels,
} from './labels.ts';
export { type CalibrateOptions, type CalibrationResult, calibrateJudge } from './run.ts';
export * from './stats.ts';
