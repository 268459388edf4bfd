/** What `evalgate compare` produces: two stored runs paired case by case, per target pair and metric. */
import type { Interval } from '../stats/bootstrap.ts';
import type { McNemarResult } from '../stats/paired.ts';

/** A baseline target (of the baseline run) compared with a candidate target (of the candidate run). */
export interface TargetPair {
  baseline: string;
  candidate: string;
}

/** One paired case whose metric got worse or better. */
export interface CaseChange {
  caseId: string;
  repeat: number;
  baseline: number;
  candidate: number;
  /** candidate − baseline. */
  delta: number;
  baselinePass: boolean | null;
  candidatePass: boolean | null;
}

export interface MetricComparison {
  metric: string;
  /** Latency, tokens, cost, errors: a rise is a regression (see `lowerIsBetter`). */
  lowerIsBetter: boolean;
  /** Pairs with a finite value on both sides. */
  n: number;
  /** Means over the n pairs (null when n = 0). */
  baselineMean: number | null;
  candidateMean: number | null;
  /** mean(candidate − baseline) with its paired percentile-bootstrap interval (NaN bounds when n = 0). */
  diff: Interval;
  /** McNemar's test over the pairs with pass/fail on both sides; null when the metric has none. */
  mcnemar: McNemarResult | null;
  /** Got worse: pass→fail, or (without pass/fail) the value fell (rose when lowerIsBetter). Biggest change first. */
  regressed: CaseChange[];
  improved: CaseChange[];
}

/** Cases (with repeat) stored for one side and not the other. */
export interface UnpairedCases {
  count: number;
  /** The first names (`case` or `case#repeat` for repeats after the first), in case order. */
  names: string[];
}

export interface TargetComparison {
  baselineTarget: string;
  candidateTarget: string;
  /** (case, repeat) keys stored for both targets. */
  paired: number;
  baselineOnly: UnpairedCases;
  candidateOnly: UnpairedCases;
  metrics: MetricComparison[];
}

export interface RunComparison {
  baselineRunId: string;
  candidateRunId: string;
  /** Bootstrap settings, so the intervals can be reproduced. */
  seed: number;
  resamples: number;
  level: number;
  targets: TargetComparison[];
}
