/** Bedrock batch inference mode (`evalgate run --batch`); the local backend's side is src/local/BATCH.md. */
export { batchUnsupported } from './batch-target.ts';
export { type RunBatchSuiteOptions, runBatchSuite } from './run-batch.ts';
export { BatchSchema, type BatchSpec } from './schema.ts';
export {
  type BatchFlags,
  type BatchSettings,
  batchBackendOptions,
  batchSettings,
  DEFAULT_MIN_RECORDS,
} from './settings.ts';
