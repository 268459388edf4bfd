/**
 * One bar rule judged for one candidate, on the bound of a seeded 95 % bootstrap interval (and, for the report's
 * "passes on the mean but not with confidence", on the mean).
 * - absolute `min`: lower bound ≥ min; `max`: upper bound ≤ max (both when both are given);
 * - non-inferiority: paired interval of mean(candidate − reference) over the (case, repeat) pairs both have;
 *   higher-is-better: lower bound > −margin; lower-is-better: upper bound < +margin. The reference itself passes.
 */
import { type BootstrapOptions, bootstrapMeanCi, type Interval } from '../stats/bootstrap.ts';
import { pairedBootstrapCi } from '../stats/paired.ts';
import type { BarRule, CaseValues, RuleResult } from './types.ts';
import { lowerIsBetter, valuesOf } from './values.ts';

/** 4 significant digits, no trailing zeros. */
export const fig = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : 'n/a');
const _ci = (i: Interval) => `[${fig(i.low)}, ${fig(i.high)}]`;

export function ruleId(rule: BarRule): string {
  if (rule.nonInferiority)
    return `${rule.metric} vs ${rule.nonInferiority.reference} (margin ${rule.nonInferiority.margin})`;
  if (rule.min !== undefined && rule.max !== undefined) return `${rule.min}<=${rule.metric}<=${rule.max}`;
  return rule.min !== undefined ? `${rule.metric}>=${rule.min}` : `${rule.metric}<=${rule.max}`;
}

/** The candidate's mean of `metric` with its interval (the same values an absolute rule judges). */
export function metricInterval(
  rows: readonly CaseValues[],
  metric: string,
  boot: BootstrapOptions,
): Interval {
  return bootstrapMeanCi([...valuesOf(rows, metric).values()], boot);
}

export function judgeAbsolute(
  rule: BarRule,
  rows: readonly CaseValues[],
  boot: BootstrapOptions,
  interval: Interval = metricInterval(rows, rule.metric, boot),
): RuleResult {
  const { min, max, metric } = rule;
  const i = interval;
  const base = {
    id: ruleId(rule),
    metric,
    kind: 'absolute' as const,
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    lowerIsBetter: lowerIsBetter(metric),
    n: i.n,
    mean: i.mean,
    low: i.low,
    high: i.high,
  };
  if (i.n === 0) return { ...base, pass: false, passOnMean: false, message: `${metric}: no values` };
  const within = (lo: number, hi: number) =>
    (min === undefined || lo >= min) && (max === undefined || hi <= max);
  const pass = within(i.low, i.high);
  const passOnMean = within(i.mean, i.mean);
  const checks: string[] = [];
  if (min !== undefined) checks.push(`CI low ${fig(i.low)} ${i.low >= min ? '>=' : '<'} min ${min}`);
  if (max !== undefined) checks.push(`CI high ${fig(i.high)} ${i.high <= max ? '<=' : '>'} max ${max}`);
  const head = `${metric} mean ${fig(i.mean)} ${_ci(i)} (n=${i.n})`;
  return { ...base, pass, passOnMean, message: `${head}: ${checks.join(', ')}` };
}

export function judgeNonInferiority(
  rule: BarRule & { nonInferiority: { reference: string; margin: number } },
  targetId: string,
  rows: readonly CaseValues[],
  referenceRows: readonly CaseValues[],
  boot: BootstrapOptions,
): RuleResult {
  const { metric } = rule;
  const { reference, margin } = rule.nonInferiority;
  const lower = lowerIsBetter(metric);
  const mine = valuesOf(rows, metric);
  const theirs = valuesOf(referenceRows, metric);
  const cand: number[] = [];
  const ref: number[] = [];
  for (const [k, v] of mine) {
    const r = theirs.get(k);
    if (r === undefined) continue;
    cand.push(v);
    ref.push(r);
  }
  const i = pairedBootstrapCi(ref, cand, boot);
  const base = {
    id: ruleId(rule),
    metric,
    kind: 'nonInferiority' as const,
    reference,
    margin,
    lowerIsBetter: lower,
    n: i.n,
    mean: i.mean,
    low: i.low,
    high: i.high,
  };
  const head = `${metric} − ${reference}: mean ${fig(i.mean)} ${_ci(i)} (n=${i.n})`;
  if (targetId === reference)
    return { ...base, pass: true, passOnMean: true, message: `${metric}: the reference` };
  if (i.n === 0)
    return {
      ...base,
      pass: false,
      passOnMean: false,
      message: `${metric}: no case paired with ${reference}`,
    };
  if (lower) {
    const pass = i.high < margin;
    const msg = `${head}: CI high ${fig(i.high)} ${pass ? '<' : '>='} margin ${margin}`;
    return { ...base, pass, passOnMean: i.mean < margin, message: msg };
  }
  const pass = i.low > -margin;
  const msg = `${head}: CI low ${fig(i.low)} ${pass ? '>' : '<='} -margin ${-margin}`;
  return { ...base, pass, passOnMean: i.mean > -margin, message: msg };
}
