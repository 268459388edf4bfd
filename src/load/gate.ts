/**
 * The load gate: a profile's canary rules (`error_rate` max, `p99_ms` max and/or at most N × the baseline load
 * run's figure, …) judged on a load run's figures over all its steps, in the same Verdict shape as the quality
 * gate (src/gate) so both can be merged into one verdict. Pure: no I/O, no clock.
 */
import { fmt } from '../gate/evaluate.ts';
import type { RuleVerdict, Verdict } from '../gate/types.ts';
import type { LoadGateRule } from './profile.ts';
import type { LoadSummary } from './summary.ts';

/** Rule ids of the load gate start with this, so a merged verdict tells them from quality rules. */
export const LOAD_RULE_PREFIX = 'load:';

export interface LoadGateInput {
  runId: string;
  /** What the verdict names as candidate (the profile name). */
  candidate: string;
  summary: LoadSummary;
  /** The baseline load run, for `maxRatioToBaseline`. */
  baseline?: { runId: string; summary: LoadSummary };
}

type LoadMetric = LoadGateRule['metric'];

/** A run-level figure of a load summary; null when it cannot be computed (no samples). */
export function loadFigure(s: LoadSummary, metric: LoadMetric): number | null {
  const t = s.total;
  switch (metric) {
    case 'error_rate':
      return t.requests > 0 ? t.errorRate : null;
    case 'throttle_rate':
      return t.requests > 0 ? t.throttleRate : null;
    case 'p50_ms':
      return t.latency.p50;
    case 'p90_ms':
      return t.latency.p90;
    case 'p95_ms':
      return t.latency.p95;
    case 'p99_ms':
      return t.latency.p99;
    case 'ttft_p99_ms':
      return t.ttft?.p99 ?? null;
  }
}

/**
 * - `error`: no rules, the run sent no request, a figure cannot be computed, or a baseline was given but its
 *   figure cannot be computed.
 * - `rollback`: any rule fails (actual > max, or actual > maxRatioToBaseline × baseline).
 * - `promote`: every rule passes. Without a baseline run, the ratio part of a rule is not checked (said in the
 *   rule's message and the summary), so a profile's first run can be promoted.
 */
export function evaluateLoadGate(rules: readonly LoadGateRule[], input: LoadGateInput): Verdict {
  const problems: string[] = [];
  if (rules.length === 0) problems.push('the load profile has no gate rules');
  if (input.summary.total.requests === 0) problems.push(`load run ${input.runId} sent no requests`);
  const seen = new Map<string, number>();
  let unchecked = 0;
  const verdicts = rules.map((rule) => {
    const n = (seen.get(rule.metric) ?? 0) + 1;
    seen.set(rule.metric, n);
    const id = `${LOAD_RULE_PREFIX}${rule.metric}${n === 1 ? '' : `#${n}`}`;
    const v = _judge(rule, id, input);
    if (v.problem) problems.push(`${id}: ${v.verdict.message}`);
    if (v.unchecked) unchecked += 1;
    return v.verdict;
  });
  const failed = verdicts.filter((r) => !r.pass);
  const decision = problems.length > 0 ? 'error' : failed.length > 0 ? 'rollback' : 'promote';
  const note = unchecked > 0 ? ` (${unchecked} baseline ratio(s) not checked: no baseline load run)` : '';
  const summary =
    decision === 'error'
      ? `error: cannot evaluate the load gate for "${input.candidate}": ${problems.join('; ')}`
      : decision === 'rollback'
        ? `rollback: ${failed.length} of ${verdicts.length} load rules failed for "${input.candidate}": ${failed.map((r) => r.message).join('; ')}`
        : `promote: all ${verdicts.length} load rules passed for "${input.candidate}"${note}`;
  return {
    decision,
    runId: input.runId,
    candidate: input.candidate,
    ...(input.baseline ? { baseline: input.baseline.runId } : {}),
    rules: verdicts,
    summary,
  };
}

function _judge(
  rule: LoadGateRule,
  id: string,
  input: LoadGateInput,
): { verdict: RuleVerdict; problem: boolean; unchecked: boolean } {
  const actual = loadFigure(input.summary, rule.metric);
  const base = input.baseline ? loadFigure(input.baseline.summary, rule.metric) : undefined;
  const ratio = rule.maxRatioToBaseline;
  const n = rule.metric === 'ttft_p99_ms' ? (input.summary.total.ttft?.n ?? 0) : input.summary.total.requests;
  const limits: { max: number; why: string }[] = [];
  if (rule.max !== undefined) limits.push({ max: rule.max, why: `max ${fmt(rule.max)}` });
  if (ratio !== undefined && typeof base === 'number') {
    limits.push({ max: ratio * base, why: `${fmt(ratio)} × baseline ${fmt(base)} = ${fmt(ratio * base)}` });
  }
  const bound = limits.length > 0 ? Math.min(...limits.map((l) => l.max)) : undefined;
  const out = (pass: boolean, message: string): RuleVerdict => ({
    id,
    metric: rule.metric,
    stat: 'value',
    ...(bound === undefined ? {} : { max: bound }),
    actual,
    n,
    pass,
    message,
    ...(input.baseline ? { baseline: base ?? null } : {}),
  });
  const unchecked = ratio !== undefined && !input.baseline;
  const skipped = unchecked ? '; baseline ratio not checked (no baseline load run)' : '';
  if (actual === null) {
    return {
      verdict: out(false, `${rule.metric}: cannot be computed (no samples)`),
      problem: true,
      unchecked,
    };
  }
  if (ratio !== undefined && input.baseline && base === null) {
    const msg = `${rule.metric}: the baseline load run ${input.baseline.runId} has no figure to compare with`;
    return { verdict: out(false, msg), problem: true, unchecked };
  }
  const broken = limits.filter((l) => actual > l.max);
  if (broken.length > 0) {
    const msg = `${rule.metric} = ${fmt(actual)} > ${broken.map((l) => l.why).join(' and ')}`;
    return { verdict: out(false, msg), problem: false, unchecked };
  }
  const within = limits.length > 0 ? ` <= ${limits.map((l) => l.why).join(' and ')}` : '';
  return {
    verdict: out(true, `${rule.metric} = ${fmt(actual)}${within}${skipped}`),
    problem: false,
    unchecked,
  };
}

/**
 * One verdict from a quality verdict and a load verdict: the worse decision wins (error > rollback > promote),
 * rules are concatenated (load rule ids carry the `load:` prefix), and the summary names both parts.
 */
export function mergeVerdicts(quality: Verdict, load: Verdict): Verdict {
  const rank = { promote: 0, rollback: 1, error: 2 } as const;
  const decision = rank[load.decision] > rank[quality.decision] ? load.decision : quality.decision;
  return {
    decision,
    runId: quality.runId,
    candidate: quality.candidate,
    ...(quality.baseline ? { baseline: quality.baseline } : {}),
    rules: [...quality.rules, ...load.rules],
    summary: `${decision}: quality — ${quality.summary}; load run ${load.runId} — ${load.summary}`,
  };
}
