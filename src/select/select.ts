/**
 * `selectCandidates`: rank a run's candidates by cost per 1,000 cases (then p50 latency), judge each against the
 * quality bar on the bound of a seeded bootstrap interval, and recommend the cheapest that clears it — overall
 * and, when cases carry a workload tier, per tier (the same procedure on the tier's cases). Pure.
 */
import { EvalgateError } from '../core/errors.ts';
import type { BootstrapOptions, Interval } from '../stats/bootstrap.ts';
import { fig, judgeAbsolute, judgeNonInferiority, metricInterval } from './rules.ts';
import type {
  BarRule,
  CandidateInput,
  CandidateResult,
  CaseValues,
  SelectInput,
  Selection,
  SelectOptions,
  SelectResult,
} from './types.ts';
import { costPer1k, hasMetric, latencyQuantiles } from './values.ts';

const ON_MEAN_ONLY = 'passes on the mean but not with confidence';

export function selectCandidates(
  input: SelectInput,
  bar: readonly BarRule[],
  opts: SelectOptions = {},
): SelectResult {
  const seed = opts.seed ?? 1;
  const resamples = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  const boot: BootstrapOptions = { seed, resamples, level };
  const rules = bar.map((r) => resolveReference(r, input.candidates, opts.barSource));
  _checkMetrics(rules, input.candidates, opts.barSource);
  const overall = _select('overall', input.candidates, rules, boot);
  const tierMap = input.tiers ?? {};
  const tierNames = [...new Set(Object.values(tierMap))].sort();
  const tiers = tierNames.map((tier) => {
    const inTier = (c: CaseValues) => tierMap[c.caseId] === tier;
    const scoped = input.candidates.map((c) => ({ ...c, cases: c.cases.filter(inTier) }));
    return _select(tier, scoped, rules, boot);
  });
  return { seed, resamples, level, bar: rules, overall, tiers };
}

/**
 * A non-inferiority reference names a candidate: its id, else the one candidate expanded from a target of that
 * id (`sweepOf`). Anything else is a USAGE error listing the candidates.
 */
export function resolveReference(
  rule: BarRule,
  candidates: readonly CandidateInput[],
  where?: string,
): BarRule {
  const ni = rule.nonInferiority;
  if (!ni || candidates.some((c) => c.targetId === ni.reference)) return rule;
  const expanded = candidates.filter((c) => c.sweepOf === ni.reference);
  if (expanded.length === 1 && expanded[0])
    return { ...rule, nonInferiority: { ...ni, reference: expanded[0].targetId } };
  const ids = candidates.map((c) => c.targetId).join(', ') || 'none';
  const why =
    expanded.length > 1 ? `matches ${expanded.length} expanded candidates; name one` : 'is not a candidate';
  throw new EvalgateError(
    'USAGE',
    `select bar: reference "${ni.reference}" ${why} (candidates: ${ids})`,
    where,
  );
}

function _checkMetrics(
  rules: readonly BarRule[],
  candidates: readonly CandidateInput[],
  where?: string,
): void {
  for (const r of rules) {
    if (candidates.some((c) => hasMetric(c.cases, r.metric))) continue;
    const known = [
      ...new Set(candidates.flatMap((c) => c.cases.flatMap((x) => Object.keys(x.values)))),
    ].sort();
    throw new EvalgateError(
      'USAGE',
      `select bar: no candidate has metric "${r.metric}" (metrics: ${[...known, 'error_rate'].join(', ')})`,
      where,
    );
  }
}

function _select(
  scope: string,
  candidates: readonly CandidateInput[],
  rules: readonly BarRule[],
  boot: BootstrapOptions,
): Selection {
  const byId = new Map(candidates.map((c) => [c.targetId, c]));
  const judged = candidates.map((c) => _judge(c, rules, byId, boot));
  const order = candidates.map((_, i) => i);
  order.sort((a, b) => _cmp(judged[a] as CandidateResult, judged[b] as CandidateResult) || a - b);
  const ranked = order.map((i, k) => ({ ...(judged[i] as CandidateResult), rank: k + 1 }));
  const best = ranked.find((c) => c.clears);
  const cases = new Set(candidates.flatMap((c) => c.cases.map((x) => x.caseId))).size;
  return {
    scope,
    cases,
    candidates: ranked,
    recommended: best?.targetId ?? null,
    recommendedCostPer1k: best?.costPer1k ?? null,
    reason: best ? _why(best, ranked, boot.level ?? 0.95) : _whyNone(ranked),
  };
}

/** Cost ascending (unknown last), then p50 latency ascending (unknown last). */
function _cmp(a: CandidateResult, b: CandidateResult): number {
  return _nullLast(a.costPer1k, b.costPer1k) || _nullLast(a.latencyP50, b.latencyP50);
}

function _nullLast(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a - b;
}

function _judge(
  c: CandidateInput,
  rules: readonly BarRule[],
  byId: ReadonlyMap<string, CandidateInput>,
  boot: BootstrapOptions,
): CandidateResult {
  const metrics: Record<string, Interval> = {};
  for (const r of rules) metrics[r.metric] ??= metricInterval(c.cases, r.metric, boot);
  const results = rules.map((r) =>
    r.nonInferiority
      ? judgeNonInferiority(
          { ...r, nonInferiority: r.nonInferiority },
          c.targetId,
          c.cases,
          byId.get(r.nonInferiority.reference)?.cases ?? [],
          boot,
        )
      : judgeAbsolute(r, c.cases, boot, metrics[r.metric]),
  );
  const cost = costPer1k(c.cases);
  const latency = latencyQuantiles(c.cases);
  const errors = c.cases.filter((x) => x.error).length;
  const ok = c.cases.length - errors;
  const clears = results.every((r) => r.pass);
  const clearsOnMean = results.every((r) => r.passOnMean);
  const flags: string[] = [];
  if (cost.value === null) flags.push('unknown cost');
  else if (cost.n < ok) flags.push(`cost from ${cost.n} of ${ok} answered calls`);
  if (clearsOnMean && !clears) flags.push(ON_MEAN_ONLY);
  return {
    rank: 0,
    targetId: c.targetId,
    modelId: c.modelId ?? null,
    ...(c.sweepOf !== undefined ? { sweepOf: c.sweepOf } : {}),
    ...(c.params !== undefined ? { params: c.params } : {}),
    ...(c.promptVersion !== undefined ? { promptVersion: c.promptVersion } : {}),
    calls: c.cases.length,
    errors,
    costPer1k: cost.value,
    costN: cost.n,
    latencyP50: latency.p50,
    latencyP99: latency.p99,
    metrics,
    rules: results,
    clears,
    clearsOnMean,
    flags,
  };
}

const _cost = (c: CandidateResult) =>
  c.costPer1k === null ? 'unknown cost' : `$${fig(c.costPer1k)}/1k cases`;

function _why(best: CandidateResult, ranked: readonly CandidateResult[], level: number): string {
  const cheaper = ranked.filter((c) => c.rank < best.rank);
  const onMean = cheaper.filter((c) => c.clearsOnMean).map((c) => c.targetId);
  let why = `cheapest candidate whose ${Math.round(level * 100)} % interval clears every rule (${_cost(best)})`;
  if (best.costPer1k === null) why = 'no priced candidate clears the bar; this one does, at unknown cost';
  if (onMean.length > 0)
    why += `; cheaper ${onMean.join(', ')} ${onMean.length > 1 ? 'pass' : 'passes'} on the mean only`;
  return why;
}

function _whyNone(ranked: readonly CandidateResult[]): string {
  if (ranked.length === 0) return 'no candidate has results';
  const onMean = ranked.filter((c) => c.clearsOnMean).map((c) => c.targetId);
  const firstFail = (c: CandidateResult) => c.rules.find((r) => !r.pass)?.message ?? '';
  const shown = ranked.slice(0, 3).map((c) => `${c.targetId}: ${firstFail(c)}`);
  const more = ranked.length > 3 ? `; … ${ranked.length - 3} more` : '';
  const head =
    onMean.length > 0
      ? `no candidate clears the bar with confidence (${onMean.join(', ')} ${onMean.length > 1 ? 'pass' : 'passes'} on the mean only)`
      : 'no candidate clears the bar';
  return `${head}: ${shown.join('; ')}${more}`;
}
