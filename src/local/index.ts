/** The local backend's public surface (imported by the CLI, tests and benchmarks). */
export { parseKbArgs, runLocalServer } from './cli.ts';
export {
  type FaultConfig,
  FaultConfigSchema,
  FaultInjector,
  type LatencyDistribution,
  parseFaultConfig,
} from './faults.ts';
export { type ApplyInput, type ApplyOutput, applyGuardrail } from './guardrails/apply.ts';
export type { GuardrailFile, ResolvedGuardrail } from './guardrails/definition.ts';
export {
  type GuardrailDefinition,
  GuardrailDefinitionError,
  loadGuardrailFile,
  parseGuardrailObject,
  parseGuardrailText,
} from './guardrails/load.ts';
export { GuardrailRegistry } from './guardrails/registry.ts';
export { type EmbeddingModelInfo, LOCAL_EMBEDDING_MODELS } from './models/embeddings.ts';
export { IDK_ANSWER } from './models/engine.ts';
export { generate, getLocalModel, LOCAL_MODELS } from './models/index.ts';
export { countTokens } from './models/prompt.ts';
export { LOCAL_RERANK_MODELS, type RerankModelInfo } from './models/rerank.ts';
export { type EndpointsFile, loadEndpointsFile, parseEndpoints } from './sagemaker/config.ts';
export { startLocalBackend } from './server.ts';
export type {
  BackendStats,
  ChunkingConfig,
  EndpointSummary,
  GuardrailSummary,
  KnowledgeBaseConfig,
  KnowledgeBaseSummary,
  LocalBackend,
  LocalBackendOptions,
  LocalModelInfo,
  ModelStats,
} from './types.ts';
