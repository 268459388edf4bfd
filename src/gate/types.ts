import type { MetricStat, TargetMetricSummary } from '../store/types.ts';

export type GateStat = MetricStat;

/** One absolute threshold on one metric of the candidate. At least one of min/max. */
export interface GateRule {
  metric: string;
  /** Default `mean`. Ignored for `error_rate`, which is a single figure (errors / calls). */
  stat?: GateStat;
  /** Pass when actual >= min. */
  min?: number;
  /** Pass when actual <= max. */
  max?: number;
}

export interface GatePolicy {
  /** Target id whose figures are judged. */
  candidate: string;
  /** Target id shown next to the candidate for context (figures only; rules are absolute). */
  baseline?: string;
  rules: GateRule[];
}

export interface GateInput {
  runId: string;
  /** The candidate run's per-target summaries (DuckDbStore.metricSummary). */
  summaries: TargetMetricSummary[];
  /** Where the baseline target's figures come from when it is another run; defaults to `summaries`. */
  baseline?: { runId: string; summaries: TargetMetricSummary[] };
}

/** The verdict shapes live with the store, which persists them; the gate produces them. */
export type { GateDecision as Decision, RuleVerdict, Verdict } from '../store/types.ts';
