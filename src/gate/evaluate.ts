import type { TargetMetricSummary } from '../store/types.ts';
import { fmt, metricFigure } from './figure.ts';
import { isRelative, judgeRelative, relativeSuffix } from './relative.ts';
import type { GateInput, GatePolicy, GateRule, GateStat, RuleVerdict, Verdict } from './types.ts';

export { fmt };

/**
 * Judges the candidate target's figures against the policy's rules. Pure: no I/O, no clock.
 * - `error` (could not evaluate): no rules, the candidate has no results, every call of the candidate errored,
 *   a rule's metric is absent, a rule's figure cannot be computed (e.g. pass_rate of a metric without pass/fail),
 *   or a rule has neither min nor max; for rules against the baseline (non-inferiority, ratio): no baseline
 *   target, the baseline lacks results or the metric, no comparison was handed in, or no case pairs (n = 0).
 * - `rollback`: otherwise, when any rule fails.
 * - `promote`: every rule passes.
 */
export function evaluateGate(policy: GatePolicy, input: GateInput): Verdict {
  const candidate = input.summaries.find((s) => s.targetId === policy.candidate);
  const baselineSummaries = input.baseline?.summaries ?? input.summaries;
  const baselineTarget = input.baseline?.targetId ?? policy.baseline;
  const baseline = baselineTarget ? baselineSummaries.find((s) => s.targetId === baselineTarget) : undefined;
  const relCtx = {
    candidate,
    baseline,
    baselineTarget,
    baselineRunId: input.baseline?.runId ?? input.runId,
    comparison: input.comparison,
  };
  const ids = new Map<string, number>();
  const problems: string[] = [];

  if (policy.rules.length === 0) problems.push('the gate policy has no rules');
  if (!candidate || candidate.calls === 0) {
    problems.push(`candidate "${policy.candidate}" has no results in run ${input.runId}`);
  } else if (candidate.ok === 0) {
    problems.push(
      `all ${candidate.calls} calls of candidate "${policy.candidate}" errored (${_classes(candidate)})`,
    );
  }

  const rules = policy.rules.map((rule) => {
    const stat: GateStat | 'value' = rule.metric === 'error_rate' ? 'value' : (rule.stat ?? 'mean');
    const base = `${rule.metric}.${stat}${relativeSuffix(rule)}`;
    const seen = (ids.get(base) ?? 0) + 1;
    ids.set(base, seen);
    const id = seen === 1 ? base : `${base}#${seen}`;
    const judged = candidate !== undefined && candidate.calls > 0;
    if (isRelative(rule)) {
      const rel = judgeRelative(rule, stat, id, relCtx);
      if (judged && rel.problem) problems.push(`${id}: ${rel.verdict.message}`);
      return rel.verdict;
    }
    const verdict = _judge(rule, stat, id, candidate);
    if (baselineTarget) verdict.baseline = baseline ? metricFigure(baseline, rule.metric, stat).actual : null;
    if (judged && (verdict.actual === null || (rule.min === undefined && rule.max === undefined))) {
      problems.push(`${id}: ${verdict.message}`);
    }
    return verdict;
  });

  const failed = rules.filter((r) => !r.pass);
  const decision = problems.length > 0 ? 'error' : failed.length > 0 ? 'rollback' : 'promote';
  const summary =
    decision === 'error'
      ? `error: cannot evaluate the gate for "${policy.candidate}": ${problems.join('; ')}`
      : decision === 'rollback'
        ? `rollback: ${failed.length} of ${rules.length} rules failed for "${policy.candidate}": ${failed.map((r) => r.message).join('; ')}`
        : `promote: all ${rules.length} rules passed for "${policy.candidate}"`;
  return {
    decision,
    runId: input.runId,
    candidate: policy.candidate,
    ...(baselineTarget ? { baseline: baselineTarget } : {}),
    ...(input.baseline ? { baselineRunId: input.baseline.runId } : {}),
    rules,
    summary,
  };
}

function _judge(
  rule: GateRule,
  stat: GateStat | 'value',
  id: string,
  candidate: TargetMetricSummary | undefined,
): RuleVerdict {
  const bounds = {
    ...(rule.min === undefined ? {} : { min: rule.min }),
    ...(rule.max === undefined ? {} : { max: rule.max }),
  };
  const out = (actual: number | null, n: number, pass: boolean, message: string): RuleVerdict => ({
    id,
    metric: rule.metric,
    stat,
    ...bounds,
    actual,
    n,
    pass,
    message,
  });
  const label = stat === 'value' ? rule.metric : `${rule.metric} ${stat}`;
  if (!candidate || candidate.calls === 0)
    return out(null, 0, false, `${label}: the candidate has no results`);
  const { actual, n, missing } = metricFigure(candidate, rule.metric, stat);
  if (missing) {
    const known = candidate.metrics.map((m) => m.metric).join(', ');
    return out(null, 0, false, `metric "${rule.metric}" not found for the candidate (metrics: ${known})`);
  }
  if (actual === null) {
    const why = stat === 'pass_rate' ? 'no value has a pass/fail' : 'no values';
    return out(null, n, false, `${label}: cannot be computed (${why})`);
  }
  if (rule.min === undefined && rule.max === undefined) {
    return out(actual, n, false, `${label} = ${fmt(actual)}: the rule has neither min nor max`);
  }
  if (rule.min !== undefined && actual < rule.min) {
    return out(actual, n, false, `${label} = ${fmt(actual)} < min ${fmt(rule.min)}`);
  }
  if (rule.max !== undefined && actual > rule.max) {
    return out(actual, n, false, `${label} = ${fmt(actual)} > max ${fmt(rule.max)}`);
  }
  const within = [
    rule.min === undefined ? '' : `>= min ${fmt(rule.min)}`,
    rule.max === undefined ? '' : `<= max ${fmt(rule.max)}`,
  ].filter((s) => s !== '');
  return out(actual, n, true, `${label} = ${fmt(actual)} ${within.join(' and ')}`);
}

function _classes(s: TargetMetricSummary): string {
  const parts = Object.entries(s.errorsByClass).map(([k, v]) => `${k}: ${v}`);
  return parts.length > 0 ? parts.join(', ') : 'no error classes recorded';
}
