import type { InferenceConfig, Target } from '../core/types.ts';
import type { ClientPool } from './clients.ts';
import type { GuardrailSpec } from './guardrail/schema.ts';
import type { RagSpec } from './rag/schema.ts';
import type { EndpointSpec } from './sagemaker/spec.ts';

/** A candidate as a suite declares it (structurally the validated `targets[]` item of the suite schema). */
export interface TargetSpec {
  id: string;
  model: string;
  api?: string;
  inference?: InferenceConfig;
  region?: string;
  /** Knowledge base targets (`kb-retrieve`, `kb-retrieve-and-generate`). */
  knowledgeBase?: KnowledgeBaseSpec;
  /** Home-grown RAG pipelines (`rag-pipeline`). */
  rag?: RagSpec;
  /** SageMaker endpoint targets (`sagemaker`, `sagemaker-stream`). */
  endpoint?: EndpointSpec;
  /** Requests in flight at once (the suite's `concurrency`); the SageMaker cost rule divides by it. */
  concurrency?: number;
  /** Guardrails: the candidate itself (`api: guardrail`) or attached to Converse calls (`guardrailConfig`). */
  guardrail?: GuardrailSpec;
  /** Directory relative paths of the spec resolve against (the suite file's folder). */
  baseDir?: string;
  /**
   * A Bedrock Prompt Management prompt version (converse targets): Converse gets its ARN as modelId and the
   * request's promptVariables; `model` stays the prompt variant's model (prices, report). `localFile` (local
   * backend only) is registered with the backend before the first call.
   */
  managedPrompt?: { arn: string; localFile?: string };
}

export interface KnowledgeBaseSpec {
  id: string;
  numberOfResults?: number;
  searchType?: 'semantic' | 'hybrid';
  filter?: Record<string, unknown>;
  rerank?: { model: string; numberOfResults?: number };
  promptTemplate?: string;
  docId?: { metadataKey?: string; uriPrefix?: string };
  /** Local backend only: the corpus folder its knowledge base is built from. */
  localCorpus?: string;
}

/** One file per target kind exports a `TargetDefinition`; `registry.ts` lists them. */
export interface TargetDefinition {
  /** The suite's `api:` value(s) this definition builds. */
  readonly apis: readonly string[];
  readonly description: string;
  create(spec: TargetSpec, clients: ClientPool): Target;
}
