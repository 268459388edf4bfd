/** The store's own types: what a run record holds and what queries return. */
import type { Citation, GuardrailOutcome, RetrievedChunk, TargetResponse } from '../core/types.ts';

export type RunStatus = 'running' | 'completed' | 'failed';

/** A candidate of the run, so result rows can carry the model id and the report can list targets in suite order. */
export interface RunTargetInfo {
  id: string;
  modelId: string;
  /** e.g. `bedrock-converse`. */
  kind?: string;
  /** The prompt version this target rendered (a suite's `prompts:` matrix; else the suite's one version). */
  promptVersion?: string;
}

/** What the runner knows when a run starts. */
export interface RunInfo {
  runId: string;
  suiteName: string;
  /** Suite file as the user named it (relative path). */
  suiteFile: string;
  /** sha256 of the suite file text. */
  suiteHash: string;
  promptVersion?: string;
  /** `local` or `aws` (free text: the store does not interpret it). */
  backend: string;
  /** Defaults to now. */
  startedAt?: Date;
  /** The resolved suite/run configuration (JSON-able). Credential-like keys are stripped before writing. */
  config?: unknown;
  /** Defaults to the suite's `config.targets[]` (`{ id, model, api? }`) when config is a suite. */
  targets?: RunTargetInfo[];
  /** Provenance captured at run start (git commit, versions); never env vars or credentials. */
  meta?: RunMeta;
}

/** Where a run came from, captured at run start (runner/run-meta.ts) and stored as JSON (`runs.meta`). */
export interface RunMeta {
  /** Absent when the suite is not in a git checkout (or git is missing). */
  git?: { commit: string; dirty: boolean };
  evalgateVersion?: string;
  /** e.g. `v20.19.0`. */
  nodeVersion?: string;
  /** e.g. `linux-x64`. */
  platform?: string;
  /** Version of the price table every cost figure of the run came from (src/cost/prices.yaml). */
  priceTable?: string;
  /** `i/n` when the run is one shard of a suite (`evalgate run --shard i/n`). */
  shard?: string;
  /** A merged run (`evalgate merge`): per shard label, the shard run's id, status, counts and times. */
  shards?: Record<string, unknown>;
}

/** The run's counters as the runner keeps them (see runner/counts.ts); stored as JSON, read by the report. */
export interface StoredRunCounts {
  cases?: number;
  calls?: number;
  ok?: number;
  errors?: number;
  errorsByClass?: Record<string, number>;
  throttles?: number;
  /** Attempts made after a failed one. */
  retries?: number;
  badRows?: number;
  scorerErrors?: number;
  /** Results served from the response cache (no model call). */
  cacheHits?: number;
}

/** Which cached responses a lookup may use: one backend kind, target kind and model. */
export interface CacheScope {
  /** `local` or `aws`: a local stand-in's answer is never served as an AWS answer. */
  backend: string;
  /** Target kind, e.g. `bedrock-converse-stream`. */
  kind: string;
  modelId: string;
}

/** One successful response kept in `response_cache`, under the sha256 key of everything that shapes it. */
export interface ResponseCacheEntry extends CacheScope {
  key: string;
  region: string;
  repeat: number;
  response: TargetResponse;
  /** The run that made the call. */
  runId?: string;
}

/** What one batch write did: new results, and results skipped because their key was already stored. */
export interface AppendOutcome {
  inserted: number;
  skipped: number;
}

export interface RunRecord {
  runId: string;
  suiteName: string;
  suiteFile: string;
  suiteHash: string;
  promptVersion: string | null;
  backend: string;
  status: RunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  config: unknown;
  counts: StoredRunCounts | null;
  targets: RunTargetInfo[];
  /** Absent for runs stored before migration 7 or begun without it. */
  meta?: RunMeta;
}

/** One row of `case_results`, flattened (ok and error rows share the columns; absent figures are null). */
export interface StoredCaseResult {
  runId: string;
  caseId: string;
  targetId: string;
  repeat: number;
  modelId: string | null;
  status: 'ok' | 'error';
  outputText: string | null;
  request: unknown;
  vars: Record<string, unknown>;
  expected: string | null;
  errorClass: string | null;
  errorMessage: string | null;
  attempts: number | null;
  latencyMs: number | null;
  ttftMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  stopReason: string | null;
  raw: unknown;
  /** Passages the target retrieved (retrieval and RAG targets), as it ranked them. */
  retrieved: RetrievedChunk[] | null;
  citations: Citation[] | null;
  /** The guardrail's decision (guardrail targets, and models called with a guardrail). */
  guardrail: GuardrailOutcome | null;
  startedAt: Date;
}

export interface StoredScore {
  runId: string;
  caseId: string;
  targetId: string;
  repeat: number;
  metric: string;
  value: number;
  pass: boolean | null;
  reason: string | null;
  /** The score's structured evidence (a judge's prompt, verdicts, claims, usage), credential-stripped; absent when none. */
  details?: Record<string, unknown>;
}

/** Statistics that a gate rule may name. */
export type MetricStat = 'mean' | 'pass_rate' | 'p50' | 'p90' | 'p95' | 'p99' | 'max' | 'min' | 'sum';

/** Aggregates of one metric for one target. Null when the figure does not exist (e.g. no pass/fail values). */
export interface MetricStats {
  metric: string;
  /** Number of values aggregated (finite values only). */
  n: number;
  mean: number | null;
  /** Share of values with pass = true among those that have a pass/fail; null when none has one. */
  passRate: number | null;
  /** How many values carry a pass/fail. */
  passN: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  min: number | null;
  max: number | null;
  sum: number | null;
}

export interface TargetMetricSummary {
  targetId: string;
  modelId: string | null;
  /** Distinct case ids. */
  cases: number;
  /** Rows (cases × repeats). */
  calls: number;
  ok: number;
  errors: number;
  /** errors / calls (0 when there are no calls). */
  errorRate: number;
  errorsByClass: Record<string, number>;
  /** Sums over ok rows that report usage; null when none does. */
  inputTokens: number | null;
  outputTokens: number | null;
  /**
   * Per metric, in name order. Always includes `latency_ms` (from case_results, ok rows) when any ok row has a
   * latency, and `error_rate` (n = calls, mean = errorRate, sum = errors).
   */
  metrics: MetricStats[];
}

/** A gate verdict (produced by gate/evaluateGate, kept in `gate_verdicts`). */
export type GateDecision = 'promote' | 'rollback' | 'error';

export interface RuleVerdict {
  /** `metric.stat`, suffixed `#2`, `#3` … when a policy repeats one. */
  id: string;
  metric: string;
  /** `value` for error_rate. */
  stat: MetricStat | 'value';
  min?: number;
  max?: number;
  /** The candidate's figure; null when it could not be found or computed. */
  actual: number | null;
  /** How many values the figure is computed from. */
  n: number;
  pass: boolean;
  /** One line, e.g. `latency_ms p99 = 3500 > max 3000`. */
  message: string;
  /** The baseline target's figure for the same metric and stat, when the policy names a baseline. */
  baseline?: number | null;
  /** Absent for absolute rules (min/max). */
  kind?: 'nonInferiority' | 'ratio';
  /** Non-inferiority: the paired 95 % bootstrap CI of mean(candidate − baseline), its mean and the margin. */
  diff?: number | null;
  ciLow?: number | null;
  ciHigh?: number | null;
  margin?: number;
  lowerIsBetter?: boolean;
  /** Ratio rules: actual / baseline (null when the baseline figure is 0 or missing) and the allowed ratio. */
  ratio?: number | null;
  maxRatio?: number;
}

export interface Verdict {
  decision: GateDecision;
  runId: string;
  candidate: string;
  baseline?: string;
  /** The run the baseline figures come from, when it is not the candidate's run. */
  baselineRunId?: string;
  /** Canary stage verdicts: the stage judged (percent of traffic) and the next one (null after the last). */
  stage?: number;
  nextStage?: number | null;
  rules: RuleVerdict[];
  /** One line for logs and the report banner. */
  summary: string;
}

/** One `evalgate calibrate` run: a judge scored over a human-labelled file, and its agreement figures. */
export interface CalibrationRecord {
  calibrationId: string;
  /** Judge scorer type, e.g. `faithfulness`. */
  judgeType: string;
  /** Judge prompt as name@version, e.g. `faithfulness@1.0.0`. */
  promptId: string;
  judgeModel: string;
  /** `local` or `aws` (free text). */
  backend?: string;
  labelsFile: string;
  labelsSha256: string;
  /** Labelled items. */
  n: number;
  /** Items the judge could not grade (excluded from the figures). */
  judgeErrors: number;
  /** Agreement figures by name (null when a figure cannot be computed, e.g. Spearman of a constant list). */
  figures: Record<string, number | null>;
  startedAt: Date;
  finishedAt: Date;
}

/** One labelled item of a calibration, with the judge's verdict on it. */
export interface CalibrationItemRecord {
  itemId: string;
  /** The human label as text (`5`, `0.6667`, `A`). */
  humanLabel: string;
  /** The judge's verdict on the label's scale (`4`, `0.5`, `tie`); null on judge_error. */
  judgeLabel: string | null;
  /** The scorer's 0..1 value (NaN on judge_error). */
  judgeValue: number;
  /** The judge's own score: its 1..5 score, its supported fraction, or the pairwise outcome value. */
  judgeScore: number | null;
  /** Judge and human agree (null on judge_error). */
  agree: boolean | null;
  judgeError: boolean;
  reason: string | null;
  details: Record<string, unknown> | null;
}
