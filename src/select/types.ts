/**
 * `evalgate select`: the candidates of one run, a quality bar, and the ranked, cost-first choice.
 * The core (select.ts) is pure over these shapes; read-run.ts builds the input from a stored run.
 */
import type { Interval } from '../stats/bootstrap.ts';

/** One (case, repeat) of one candidate. */
export interface CaseValues {
  caseId: string;
  repeat: number;
  /** The call failed (no answer): every higher-is-better metric counts it as 0, see `valuesOf`. */
  error: boolean;
  /** metric → value for this call: the scores, plus `latency_ms` and `cost_usd` when known. */
  values: Record<string, number>;
}

export interface CandidateInput {
  targetId: string;
  modelId?: string | null;
  /** The written target an expanded target (sweep, prompt matrix) came from. */
  sweepOf?: string;
  /** Swept values, e.g. `{ prompt: '1.1.0' }`. */
  params?: Record<string, unknown>;
  promptVersion?: string;
  cases: CaseValues[];
}

export interface SelectInput {
  /** In suite order (the last tie-break of the ranking). */
  candidates: CandidateInput[];
  /** caseId → workload tier (cases without one are in the overall selection only). */
  tiers?: Record<string, string>;
}

/**
 * One rule of the quality bar. Absolute: `min` (the CI's LOWER bound must be ≥ min) and/or `max` (the CI's UPPER
 * bound must be ≤ max). Non-inferiority: the paired CI of candidate − reference must lie above −margin (below
 * +margin for lower-is-better metrics).
 */
export interface BarRule {
  metric: string;
  min?: number;
  max?: number;
  nonInferiority?: { reference: string; margin: number };
}

export interface SelectOptions {
  /** Bootstrap seed (default 1), resamples (default 2,000), level (default 0.95). */
  seed?: number;
  resamples?: number;
  level?: number;
  /** Where the bar came from (suite file, `--bar`), for error messages. */
  barSource?: string;
}

export interface RuleResult {
  /** e.g. `contains>=0.8`, `latency_ms<=900`, `f1 vs nova-pro (margin 0.05)`. */
  id: string;
  metric: string;
  kind: 'absolute' | 'nonInferiority';
  min?: number;
  max?: number;
  /** Non-inferiority: the reference candidate and the margin. */
  reference?: string;
  margin?: number;
  lowerIsBetter: boolean;
  /** Values (absolute) or pairs (non-inferiority) the figure is computed from. */
  n: number;
  /** The candidate's mean (absolute) or mean(candidate − reference) (non-inferiority); NaN when n = 0. */
  mean: number;
  low: number;
  high: number;
  /** Judged on the CI bound. */
  pass: boolean;
  /** Judged on the mean: would pass if the interval were not taken into account. */
  passOnMean: boolean;
  /** One line with the figures. */
  message: string;
}

export interface CandidateResult {
  /** 1-based place in the ranking (cost per 1k cases, then p50 latency). */
  rank: number;
  targetId: string;
  modelId: string | null;
  sweepOf?: string;
  params?: Record<string, unknown>;
  promptVersion?: string;
  /** (case, repeat) rows, and how many of them failed. */
  calls: number;
  errors: number;
  /** mean cost_usd per call × 1,000; null when no call has a cost (unknown price). */
  costPer1k: number | null;
  /** Calls the cost is averaged over. */
  costN: number;
  latencyP50: number | null;
  latencyP99: number | null;
  /** Every bar metric's mean with its bootstrap interval (errors handled as in the rules). */
  metrics: Record<string, Interval>;
  rules: RuleResult[];
  /** Every rule passes on its CI bound. */
  clears: boolean;
  /** Every rule passes on the mean. */
  clearsOnMean: boolean;
  /** e.g. `unknown cost`, `cost from 40 of 50 calls`, `passes on the mean but not with confidence`. */
  flags: string[];
}

export interface Selection {
  /** `overall`, or the tier's value. */
  scope: string;
  /** Distinct case ids in scope. */
  cases: number;
  /** Ranked: cheapest first, unknown cost last. */
  candidates: CandidateResult[];
  /** The cheapest candidate that clears the bar; null when none does. */
  recommended: string | null;
  recommendedCostPer1k: number | null;
  /** Why (one line): the choice and what it beat, or why there is none. */
  reason: string;
}

export interface SelectResult {
  seed: number;
  resamples: number;
  level: number;
  bar: BarRule[];
  overall: Selection;
  /** One selection per tier (sorted by name); empty without tiers. */
  tiers: Selection[];
}
