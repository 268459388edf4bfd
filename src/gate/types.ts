import type { TargetComparison } from '../compare/types.ts';
import type { MetricStat, TargetMetricSummary } from '../store/types.ts';

export type GateStat = MetricStat;

/**
 * One rule on one metric of the candidate, of one kind: absolute (min and/or max), non-inferiority against the
 * baseline (paired bootstrap CI of candidate − baseline), or a ratio to the baseline's figure.
 */
export interface GateRule {
  metric: string;
  /** Default `mean`. Ignored for `error_rate`, which is a single figure (errors / calls). */
  stat?: GateStat;
  /** Pass when actual >= min. */
  min?: number;
  /** Pass when actual <= max. */
  max?: number;
  /**
   * Pass when the lower bound of the paired 95 % bootstrap CI of mean(candidate − baseline) > −margin; for
   * lower-is-better metrics (latency, tokens, cost, errors) when its upper bound < +margin.
   */
  nonInferiority?: { margin: number };
  /** Pass when the candidate's figure (stat) <= maxRatio × the baseline's figure. */
  maxRatio?: number;
}

/** A canary-stage rule on live figures (see src/gate/live-metrics.ts for the figure names). */
export interface CanaryRule {
  metric: string;
  min?: number;
  max?: number;
  /** Pass when the candidate's figure <= maxRatio × the baseline's. */
  maxRatio?: number;
}

export interface CanaryPolicy {
  /** Percent of traffic per stage, increasing (default 10, 25, 50, 75, 100). */
  stages?: number[];
  /** Default: error_rate <= 0.01 and p99_ms <= 2 × baseline. */
  rules?: CanaryRule[];
}

export interface GatePolicy {
  /** Target id whose figures are judged. */
  candidate: string;
  /** Target id of the baseline (same run; or, with a baseline run, preferred there when it exists). */
  baseline?: string;
  rules: GateRule[];
  canary?: CanaryPolicy;
}

export interface GateInput {
  runId: string;
  /** The candidate run's per-target summaries (DuckDbStore.metricSummary). */
  summaries: TargetMetricSummary[];
  /**
   * Where the baseline target's figures come from when it is another run; defaults to `summaries`. `targetId`
   * names the baseline target there (default `policy.baseline`).
   */
  baseline?: { runId: string; summaries: TargetMetricSummary[]; targetId?: string };
  /**
   * The candidate target paired with the baseline target case by case (compareRunRows, seeded), for
   * non-inferiority rules; a policy with such a rule and no comparison cannot be evaluated.
   */
  comparison?: TargetComparison;
}

/** The verdict shapes live with the store, which persists them; the gate produces them. */
export type { GateDecision as Decision, RuleVerdict, Verdict } from '../store/types.ts';
