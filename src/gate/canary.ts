/**
 * One step of a canary rollout: the policy's canary rules judged on the figures measured at that stage (live
 * metrics or a load run), candidate against baseline. Pure: no I/O, no clock. The verdict names the stage and the
 * next one (null after the last), so a release pipeline advances on promote and rolls back on rollback.
 */
import { fmt } from './figure.ts';
import type { StageSide } from './live-metrics.ts';
import type { CanaryPolicy, CanaryRule, RuleVerdict, Verdict } from './types.ts';

export const DEFAULT_STAGES: readonly number[] = [10, 25, 50, 75, 100];
export const DEFAULT_CANARY_RULES: readonly CanaryRule[] = [
  { metric: 'error_rate', max: 0.01 },
  { metric: 'p99_ms', maxRatio: 2 },
];

export function canaryStages(policy: CanaryPolicy | undefined): readonly number[] {
  return policy?.stages ?? DEFAULT_STAGES;
}

/** The stage after `stage` (null after the last); undefined when `stage` is not one of the stages. */
export function nextStageOf(stages: readonly number[], stage: number): number | null | undefined {
  const i = stages.indexOf(stage);
  if (i < 0) return undefined;
  return stages[i + 1] ?? null;
}

export interface StageInput {
  /** What the figures came from: a load run id, or the live metrics' label. */
  runId: string;
  candidate: string;
  stage: number;
  current: StageSide;
  baseline?: StageSide;
  /** Names the baseline in the verdict (e.g. a load run id, or `baseline`). */
  baselineLabel?: string;
}

/**
 * - `error`: the stage is not one of the policy's stages, the candidate served no requests, a rule's figure is
 *   missing or cannot be computed, or a ratio rule lacks the baseline's figure.
 * - `rollback`: any rule fails. `promote`: every rule passes (advance to `nextStage`, or finish at the last).
 */
export function evaluateCanaryStage(policy: CanaryPolicy | undefined, input: StageInput): Verdict {
  const stages = canaryStages(policy);
  const rulesIn = policy?.rules ?? DEFAULT_CANARY_RULES;
  const next = nextStageOf(stages, input.stage);
  const problems: string[] = [];
  if (next === undefined)
    problems.push(`stage ${input.stage} is not one of the stages (${stages.join(', ')})`);
  if (input.current.requests === 0) problems.push(`the candidate served no requests (n = 0)`);
  const seen = new Map<string, number>();
  const rules = rulesIn.map((rule) => {
    const base = `${rule.metric}${rule.maxRatio !== undefined ? '.ratio' : ''}`;
    const k = (seen.get(base) ?? 0) + 1;
    seen.set(base, k);
    const j = _judge(rule, k === 1 ? base : `${base}#${k}`, input);
    if (j.problem) problems.push(`${j.verdict.id}: ${j.verdict.message}`);
    return j.verdict;
  });
  const failed = rules.filter((r) => !r.pass);
  const decision = problems.length > 0 ? 'error' : failed.length > 0 ? 'rollback' : 'promote';
  const at = `at stage ${input.stage}%`;
  const onward = next === null || next === undefined ? 'rollout complete' : `next stage ${next}%`;
  const summary =
    decision === 'error'
      ? `error: cannot evaluate "${input.candidate}" ${at}: ${problems.join('; ')}`
      : decision === 'rollback'
        ? `rollback ${at}: ${failed.length} of ${rules.length} canary rules failed for "${input.candidate}": ${failed.map((r) => r.message).join('; ')}`
        : `promote ${at}: all ${rules.length} canary rules passed for "${input.candidate}"; ${onward}`;
  return {
    decision,
    runId: input.runId,
    candidate: input.candidate,
    ...(input.baselineLabel ? { baseline: input.baselineLabel } : {}),
    stage: input.stage,
    nextStage: next ?? null,
    rules,
    summary,
  };
}

function _judge(rule: CanaryRule, id: string, input: StageInput): { verdict: RuleVerdict; problem: boolean } {
  const actual = input.current.figures[rule.metric];
  const base = input.baseline?.figures[rule.metric];
  const ratio = rule.maxRatio;
  const limits: { op: '>=' | '<='; bound: number; why: string }[] = [];
  if (rule.min !== undefined) limits.push({ op: '>=', bound: rule.min, why: `min ${fmt(rule.min)}` });
  if (rule.max !== undefined) limits.push({ op: '<=', bound: rule.max, why: `max ${fmt(rule.max)}` });
  if (ratio !== undefined && typeof base === 'number')
    limits.push({
      op: '<=',
      bound: ratio * base,
      why: `${fmt(ratio)} × baseline ${fmt(base)} = ${fmt(ratio * base)}`,
    });
  const out = (pass: boolean, message: string): RuleVerdict => ({
    id,
    metric: rule.metric,
    stat: 'value',
    ...(rule.min === undefined ? {} : { min: rule.min }),
    ...(rule.max === undefined ? {} : { max: rule.max }),
    actual: actual ?? null,
    n: input.current.requests,
    pass,
    message,
    ...(input.baseline || ratio !== undefined ? { baseline: base ?? null } : {}),
    ...(ratio === undefined
      ? {}
      : {
          kind: 'ratio' as const,
          maxRatio: ratio,
          ratio: typeof actual === 'number' && typeof base === 'number' && base !== 0 ? actual / base : null,
        }),
  });
  const problem = (message: string) => ({ verdict: out(false, message), problem: true });
  if (actual === undefined) {
    const known = Object.keys(input.current.figures).join(', ');
    return problem(`metric "${rule.metric}" not in the candidate's figures (figures: ${known})`);
  }
  if (actual === null) return problem(`${rule.metric}: not measured for the candidate`);
  if (ratio !== undefined && !input.baseline) return problem(`${rule.metric}: needs the baseline's figures`);
  if (ratio !== undefined && typeof base !== 'number')
    return problem(`${rule.metric}: the baseline has no figure to compare with`);
  const broken = limits.filter((l) => (l.op === '>=' ? actual < l.bound : actual > l.bound));
  if (broken.length > 0) {
    const parts = broken.map((l) => `${l.op === '>=' ? '<' : '>'} ${l.why}`);
    return { verdict: out(false, `${rule.metric} = ${fmt(actual)} ${parts.join(' and ')}`), problem: false };
  }
  const parts = limits.map((l) => `${l.op} ${l.why}`);
  return { verdict: out(true, `${rule.metric} = ${fmt(actual)} ${parts.join(' and ')}`), problem: false };
}
