/**
 * Public types of the local backend. `src/local` imports nothing of the harness: it is a server of its own.
 */
import type { BatchOptions } from './batch/jobs.ts';
import type { FaultConfig } from './faults.ts';
import type { GuardrailSummary } from './guardrails/registry.ts';
import type { KnowledgeBaseConfig } from './kb/config.ts';
import type { KnowledgeBaseSummary } from './kb/registry.ts';
import type { EndpointSummary } from './sagemaker/registry.ts';

export type { FaultConfig, LatencyDistribution } from './faults.ts';
export type { GuardrailSummary } from './guardrails/registry.ts';
export type { ChunkingConfig, KnowledgeBaseConfig } from './kb/config.ts';
export type { KnowledgeBaseSummary } from './kb/registry.ts';
export type { EndpointsFile } from './sagemaker/config.ts';
export type { EndpointSummary } from './sagemaker/registry.ts';

/** How long a local model "takes": base + per input token + per output token, in milliseconds. */
export interface LatencyProfile {
  /** Fixed time before the first token (queueing + prefill overhead). */
  baseMs: number;
  /** Prefill cost per input token. */
  perInputTokenMs: number;
  /** Decode cost per output token (also the spacing of stream deltas). */
  perOutputTokenMs: number;
  /** Deterministic +/- fraction applied per request (derived from a hash of the prompt, not from randomness). */
  jitter: number;
}

/** One entry of the model catalogue. */
export interface LocalModelInfo {
  /** The real Bedrock model id it is registered under. */
  id: string;
  displayName: string;
  /** One-line description of the algorithm. */
  summary: string;
  /** USD per 1,000 input tokens. */
  inputPer1k: number;
  /** USD per 1,000 output tokens. */
  outputPer1k: number;
  latency: LatencyProfile;
}

export interface LocalBackendOptions {
  /** 0 (default) picks a free port. The host is always 127.0.0.1. */
  port?: number;
  faults?: FaultConfig;
  /**
   * Local knowledge bases by id (bedrock-agent-runtime Retrieve / RetrieveAndGenerate), indexed at start-up; a
   * missing corpus folder or a bad config makes startLocalBackend reject. See KNOWLEDGE-BASES.md.
   */
  knowledgeBases?: Record<string, KnowledgeBaseConfig>;
  /**
   * Guardrail definition files (YAML/JSON, see GUARDRAILS.md) served by ApplyGuardrail and Converse
   * `guardrailConfig`; a bad file makes startLocalBackend reject with a one-line `file:line: …` error.
   */
  guardrails?: string[];
  /**
   * Local SageMaker endpoint definition files (YAML/JSON), registered at start-up; a bad file makes
   * startLocalBackend reject. See ENDPOINTS.md.
   */
  endpoints?: string[];
  /** Bedrock batch inference jobs (BATCH.md): `minRecords` per job, default 100 (Bedrock's default quota). */
  batch?: BatchOptions;
}

export interface ModelStats {
  requests: number;
  ok: number;
  throttled: number;
  /** Error responses by AWS exception name (including ThrottlingException). */
  errors: Record<string, number>;
  streamCuts: number;
  inputTokens: number;
  outputTokens: number;
}

export interface BackendStats {
  /** All requests to the model routes (admin routes are not counted). */
  requests: number;
  ok: number;
  throttled: number;
  errors: Record<string, number>;
  streamCuts: number;
  /** Per model id (unknown model ids are counted under the id that was asked for). */
  models: Record<string, ModelStats>;
  /** Requests by protocol: `h1` or `h2`. */
  protocols: Record<string, number>;
}

export interface LocalBackend {
  /** e.g. `http://127.0.0.1:43127` — pass it as the SDK client's `endpoint`. */
  url: string;
  port: number;
  /** Replace the fault configuration (resets the seeded PRNG and the token bucket). */
  setFaults(faults: FaultConfig): void;
  stats(): BackendStats;
  /** Zero the counters. */
  resetStats(): void;
  /** Register or re-register a knowledge base (same id + same config = no rebuild); throws a one-line Error. */
  registerKnowledgeBase(id: string, config: KnowledgeBaseConfig): KnowledgeBaseSummary;
  /** The registered knowledge bases with their document and chunk counts. */
  knowledgeBases(): KnowledgeBaseSummary[];
  /** Register (or replace) a guardrail: a definition file path or a definition object; throws a one-line Error. */
  registerGuardrail(definition: string | Record<string, unknown>): GuardrailSummary;
  /** The registered guardrails and their versions. */
  guardrails(): GuardrailSummary[];
  /** Register endpoint definitions (a file path, or the parsed `{endpoints: …}`); returns the names. */
  registerEndpoints(input: string | unknown): string[];
  /** The registered SageMaker endpoints with their variants. */
  endpoints(): EndpointSummary[];
  close(): Promise<void>;
}
