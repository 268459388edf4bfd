/** The store's own types: what a run record holds and what queries return. */

export type RunStatus = 'running' | 'completed' | 'failed';

/** A candidate of the run, so result rows can carry the model id and the report can list targets in suite order. */
export interface RunTargetInfo {
  id: string;
  modelId: string;
  /** e.g. `bedrock-converse`. */
  kind?: string;
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
}

/** The run's counters as the runner keeps them (see runner/counts.ts); stored as JSON, read by the report. */
export interface StoredRunCounts {
  cases?: number;
  calls?: number;
  ok?: number;
  errors?: number;
  errorsByClass?: Record<string, number>;
  throttles?: number;
  badRows?: number;
  scorerErrors?: number;
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
}

export interface Verdict {
  decision: GateDecision;
  runId: string;
  candidate: string;
  baseline?: string;
  rules: RuleVerdict[];
  /** One line for logs and the report banner. */
  summary: string;
}
