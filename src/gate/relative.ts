/**
 * Rules judged against the baseline: non-inferiority (the paired bootstrap CI of candidate − baseline handed in
 * as a TargetComparison) and ratio rules (candidate figure <= maxRatio × baseline figure). Pure.
 */
import type { TargetComparison } from '../compare/types.ts';
import type { TargetMetricSummary } from '../store/types.ts';
import { fmt, metricFigure } from './figure.ts';
import type { GateRule, GateStat, RuleVerdict } from './types.ts';

export interface RelativeContext {
  candidate: TargetMetricSummary | undefined;
  baseline: TargetMetricSummary | undefined;
  /** The baseline target id, undefined when the policy has none and no baseline run was given. */
  baselineTarget: string | undefined;
  /** The run the baseline target's figures come from. */
  baselineRunId: string;
  comparison: TargetComparison | undefined;
}

export interface Judged {
  verdict: RuleVerdict;
  /** The rule could not be evaluated (the verdict's message says why). */
  problem: boolean;
}

export function isRelative(rule: GateRule): boolean {
  return rule.nonInferiority !== undefined || rule.maxRatio !== undefined;
}

/** The id suffix of a relative rule: `contains.mean.non_inferiority`, `latency_ms.p99.ratio`. */
export function relativeSuffix(rule: GateRule): string {
  if (rule.nonInferiority) return '.non_inferiority';
  return rule.maxRatio !== undefined ? '.ratio' : '';
}

export function judgeRelative(
  rule: GateRule,
  stat: GateStat | 'value',
  id: string,
  ctx: RelativeContext,
): Judged {
  const kind = rule.nonInferiority ? 'nonInferiority' : 'ratio';
  const extra = rule.nonInferiority
    ? { margin: rule.nonInferiority.margin }
    : { maxRatio: rule.maxRatio as number };
  const out = (actual: number | null, n: number, pass: boolean, message: string, more = {}): RuleVerdict => ({
    id,
    metric: rule.metric,
    stat,
    actual,
    n,
    pass,
    message,
    kind,
    baseline: null,
    ...extra,
    ...more,
  });
  const fail = (message: string): Judged => ({ verdict: out(null, 0, false, message), problem: true });
  const where = `the baseline "${ctx.baselineTarget}" in run ${ctx.baselineRunId}`;
  if (!ctx.candidate || ctx.candidate.calls === 0)
    return fail(`${rule.metric}: the candidate has no results`);
  if (ctx.baselineTarget === undefined)
    return fail(`${id}: needs a baseline (set gate.baseline, or pass --baseline RUN)`);
  if (!ctx.baseline || ctx.baseline.calls === 0) return fail(`${where} has no results`);
  for (const [side, s] of [
    ['candidate', ctx.candidate],
    [where, ctx.baseline],
  ] as const) {
    if (metricFigure(s, rule.metric, stat).missing) {
      const known = s.metrics.map((m) => m.metric).join(', ');
      return fail(`metric "${rule.metric}" not found for ${side} (metrics: ${known})`);
    }
  }
  return rule.nonInferiority
    ? _nonInferiority(rule, rule.nonInferiority.margin, ctx, out, fail)
    : _ratio(rule, stat, rule.maxRatio as number, ctx, out, fail);
}

type Out = (actual: number | null, n: number, pass: boolean, message: string, more?: object) => RuleVerdict;

function _nonInferiority(
  rule: GateRule,
  margin: number,
  ctx: RelativeContext,
  out: Out,
  fail: (m: string) => Judged,
): Judged {
  const cmp = ctx.comparison;
  if (!cmp) return fail(`${rule.metric} non-inferiority: no paired comparison of candidate and baseline`);
  const m = cmp.metrics.find((x) => x.metric === rule.metric);
  if (!m || m.n === 0) {
    return fail(
      `${rule.metric} non-inferiority: no paired cases (n = 0) between "${cmp.candidateTarget}" and "${cmp.baselineTarget}"`,
    );
  }
  const { mean, low, high } = m.diff;
  const lower = m.lowerIsBetter;
  const pass = lower ? high < margin : low > -margin;
  const ci = `95% CI ${fmt(low)}..${fmt(high)}`;
  const test = lower
    ? `upper bound ${fmt(high)} ${pass ? '<' : '>='} margin ${fmt(margin)}`
    : `lower bound ${fmt(low)} ${pass ? '>' : '<='} -margin ${fmt(-margin)}`;
  const message = `${rule.metric} non-inferiority: mean diff ${fmt(mean)} (${ci}), ${test} (n = ${m.n})`;
  const verdict = out(m.candidateMean, m.n, pass, message, {
    baseline: m.baselineMean,
    diff: mean,
    ciLow: low,
    ciHigh: high,
    lowerIsBetter: lower,
  });
  return { verdict, problem: false };
}

function _ratio(
  rule: GateRule,
  stat: GateStat | 'value',
  maxRatio: number,
  ctx: RelativeContext,
  out: Out,
  fail: (m: string) => Judged,
): Judged {
  const label = stat === 'value' ? rule.metric : `${rule.metric} ${stat}`;
  const cand = metricFigure(ctx.candidate as TargetMetricSummary, rule.metric, stat);
  const base = metricFigure(ctx.baseline as TargetMetricSummary, rule.metric, stat);
  if (cand.actual === null) return fail(`${label}: cannot be computed for the candidate (n = ${cand.n})`);
  if (base.actual === null) return fail(`${label}: cannot be computed for the baseline (n = ${base.n})`);
  const limit = maxRatio * base.actual;
  const ratio = base.actual === 0 ? null : cand.actual / base.actual;
  const pass = cand.actual <= limit;
  const shown = ratio === null ? '' : ` (ratio ${fmt(ratio)})`;
  const message = `${label} = ${fmt(cand.actual)} ${pass ? '<=' : '>'} ${fmt(maxRatio)} × baseline ${fmt(base.actual)} = ${fmt(limit)}${shown}`;
  return {
    verdict: out(cand.actual, cand.n, pass, message, { baseline: base.actual, ratio }),
    problem: false,
  };
}
