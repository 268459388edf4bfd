/**
 * The contracts between the stages of the flow:
 * suite → plan → target → output → scorer → store → report → gate.
 * Keep them small; every stage imports from here, never from another stage's internals.
 */

/** A row of a dataset, after loading. `vars` are the template variables (all columns / JSON fields). */
export interface EvalCase {
  /** Stable id: the row's `id` column/field when present, else `<dataset file>#<row number>`. */
  id: string;
  /** Dataset file (relative path as written in the suite) and 1-based row/line number, for error messages. */
  source: { file: string; row: number };
  vars: Record<string, unknown>;
  /** Expected answer, when the dataset has an `expected` column/field. */
  expected?: string;
}

export interface InferenceConfig {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

/** What the runner hands to a target: the fully rendered request. */
export interface TargetRequest {
  /** Rendered user prompt. */
  prompt: string;
  /** Rendered system prompt, if any. */
  system?: string;
  inferenceConfig?: InferenceConfig;
  /**
   * Guardrail targets: the per-case parts of an ApplyGuardrail call rendered from the case (the target's
   * `guardrail.source`, `guardrail.groundingSource` and `guardrail.query` templates).
   */
  guardrail?: { source?: 'INPUT' | 'OUTPUT'; groundingSource?: string; query?: string };
  /**
   * A Bedrock Prompt Management prompt version (the target's `managedPrompt`): the case's values of the prompt's
   * `{{variables}}`, sent as Converse `promptVariables`; `prompt` then only lists them for the report.
   */
  promptVariables?: Record<string, string>;
}

export interface TokenUsage {
  /** Input tokens not read from or written to the prompt cache (Bedrock counts cache tokens apart). */
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Input tokens read from the prompt cache, when the service reports them. */
  cacheReadInputTokens?: number;
  /** Input tokens written to the prompt cache, when the service reports them. */
  cacheWriteInputTokens?: number;
}

/** What a model's calls cost (src/cost): USD per 1,000 tokens, plus the figures the price table knows. */
export interface Price {
  inputPer1k: number;
  outputPer1k: number;
  /** Input tokens read from the prompt cache; absent → priced at inputPer1k. */
  cacheReadPer1k?: number;
  /** Input tokens written to the prompt cache; absent → priced at inputPer1k. */
  cacheWritePer1k?: number;
  /** Fraction off on-demand prices for batch inference (0.5 = half price), when known. */
  batchDiscount?: number;
  /** USD per model unit per hour of Provisioned Throughput, when known. */
  provisionedPerHour?: number;
}

export interface TargetTiming {
  /** Wall-clock milliseconds from send to last byte. */
  latencyMs: number;
  /** Time to first token (streaming targets only). */
  ttftMs?: number;
  /** Latency the service itself reported (Converse `metrics.latencyMs`), when it reports one. */
  serviceLatencyMs?: number;
}

/** One retrieved passage, in the order the retriever returned it. */
export interface RetrievedChunk {
  /** Source document id: what relevance labels name (e.g. the corpus file's path without extension). */
  docId: string;
  text: string;
  /** The retriever's score (higher = more relevant), when it reports one. */
  score?: number;
  /** Character offsets [start, end) of the chunk in its source document, when known. */
  span?: { start: number; end: number };
  /** Where it came from (e.g. an S3 uri), for the report. */
  location?: string;
  /** The retriever's metadata for this chunk (JSON-able). */
  metadata?: Record<string, unknown>;
}

/** A part of a generated answer and the retrieved passages it cites (RetrieveAndGenerate citations). */
export interface Citation {
  /** The cited part of the answer. */
  text: string;
  /** Character offsets [start, end) of that part in the answer, when known. */
  span?: { start: number; end: number };
  references: RetrievedChunk[];
}

/** Policy types of a guardrail, in evalgate's words (Bedrock's assessment families). */
export type GuardrailPolicy =
  | 'content'
  | 'prompt-attack'
  | 'topic'
  | 'word'
  | 'pii'
  | 'regex'
  | 'grounding'
  | 'relevance';

/** One thing a guardrail detected (one entry of a Bedrock assessment). */
export interface GuardrailFinding {
  policy: GuardrailPolicy;
  /** Filter category (VIOLENCE, PROMPT_ATTACK…), topic name, word, PII entity type or regex name. */
  name: string;
  /** What the guardrail did about it: BLOCKED, ANONYMIZED or NONE (detected, not acted on). */
  action: string;
  /** The matched text (words, PII, regexes), when reported. */
  match?: string;
  /** Content filters: NONE | LOW | MEDIUM | HIGH. */
  confidence?: string;
  /** Contextual grounding: the score and the threshold it was held to. */
  score?: number;
  threshold?: number;
}

/** What a guardrail decided (ApplyGuardrail, or a Converse call with `guardrailConfig`). */
export interface GuardrailOutcome {
  /** NONE or GUARDRAIL_INTERVENED. */
  action: string;
  source: 'INPUT' | 'OUTPUT';
  findings: GuardrailFinding[];
  /** The text the guardrail returned instead (blocked messaging, or the text with PII masked). */
  outputText?: string;
  /** Latency the guardrail itself added, milliseconds, when known. */
  latencyMs?: number;
}

export interface TargetResponse {
  text?: string;
  /** Guardrail targets (and models called with a guardrail): its decision and findings. */
  guardrail?: GuardrailOutcome;
  /** Retrieved passages (retrieval and RAG targets), best first as the retriever ranked them. */
  retrieved?: RetrievedChunk[];
  /** Citations of a generated answer (RetrieveAndGenerate and RAG pipelines). */
  citations?: Citation[];
  usage?: TokenUsage;
  stopReason?: string;
  timing: TargetTiming;
  /** The raw payload (JSON-able), for the report. Never includes credentials. */
  raw?: unknown;
}

/** A target is one candidate: a model (plus config) reached through an AWS SDK client. */
export interface Target {
  /** The suite's id for this candidate, unique within the suite. */
  readonly id: string;
  /** e.g. `bedrock-converse`. */
  readonly kind: string;
  /** Model id / endpoint name, for price look-ups and the report. */
  readonly modelId: string;
  /**
   * Everything besides the request, model and API that decides the answer (e.g. a RAG configuration's
   * fingerprint, a guardrail version): the response cache keeps such targets apart by it.
   */
  readonly configKey?: string;
  invoke(request: TargetRequest, signal: AbortSignal): Promise<TargetResponse>;
}

/** One graded figure for one case result. */
export interface Score {
  /** Metric name, e.g. `exact`, `contains`, `latency_ms`, `cost_usd`. */
  metric: string;
  value: number;
  /** Pass/fail against the scorer's threshold, when it has one. */
  pass?: boolean;
  reason?: string;
  /** Structured evidence (JSON-able), e.g. a judge's rendered prompt, its claims and verdicts, its token usage. */
  details?: Record<string, unknown>;
}

/** What a scorer sees besides the case and response. */
export interface ScoreContext {
  targetId: string;
  modelId: string;
  /** Price of this model's calls (the suite's `prices:` over the price table, at the target's region). */
  price?: Price;
  /**
   * The price of any model at this target's region (same precedence as `price`), e.g. for the several model
   * calls of a routed answer (`response.raw.modelCalls`); undefined when no table knows the model.
   */
  priceOf?: (modelId: string) => Price | undefined;
  /** Other targets' responses for the same case and repeat (e.g. a pairwise scorer's baseline), by target id. */
  otherResponses?: Record<string, TargetResponse>;
}

/** A scorer grades one (case, response) pair. Scorers compute and return; the runner stores. */
export interface Scorer {
  /** The suite's name for this scorer instance (defaults to its type). */
  readonly name: string;
  readonly type: string;
  score(evalCase: EvalCase, response: TargetResponse, ctx: ScoreContext): Promise<Score[]> | Score[];
}

/** The outcome of one (case, target, repeat), as the store keeps it. */
export type CaseOutcome =
  | { status: 'ok'; response: TargetResponse; scores: Score[] }
  | { status: 'error'; errorClass: string; errorMessage: string; latencyMs: number; attempts: number };

export interface CaseResult {
  runId: string;
  caseId: string;
  targetId: string;
  repeat: number;
  /** Rendered request, for the report (prompt + system). */
  request: TargetRequest;
  /** Variables of the case (for the report's input column). */
  vars: Record<string, unknown>;
  expected?: string;
  outcome: CaseOutcome;
  startedAt: Date;
}
