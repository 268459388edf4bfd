/** The local backend's public surface (imported by the CLI, tests and benchmarks). */
export { runLocalServer } from './cli.ts';
export {
  type FaultConfig,
  FaultConfigSchema,
  FaultInjector,
  type LatencyDistribution,
  parseFaultConfig,
} from './faults.ts';
export { IDK_ANSWER } from './models/engine.ts';
export { generate, getLocalModel, LOCAL_MODELS } from './models/index.ts';
export { countTokens } from './models/prompt.ts';
export { startLocalBackend } from './server.ts';
export type { BackendStats, LocalBackend, LocalBackendOptions, LocalModelInfo, ModelStats } from './types.ts';
