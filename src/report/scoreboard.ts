/**
 * The per-target scoreboard: calls, errors, tokens and cost (the judge's apart), latency p50/p99, and per metric
 * its mean with a seeded 95 % bootstrap interval over the target's values, pass rate and n.
 */
import { bootstrapMeanCi } from '../stats/bootstrap.ts';
import type { StoredCaseResult, StoredScore, TargetMetricSummary } from '../store/types.ts';
import { fmtInt, fmtMetric, fmtPct, fmtUsd } from './format.ts';

export interface ScoreboardOptions {
  /** Bootstrap seed (default 1) and resamples (default 2,000; see `resamplesFor`). */
  seed?: number;
  resamples?: number;
}

/** Draws (values × resamples) one interval may take; bounds a 10,000-case report's work. */
export const DRAW_BUDGET = 3_000_000;
/** Fewest resamples an interval gets however many values it has. */
export const MIN_RESAMPLES = 300;

/**
 * Resamples for an interval over n values: the requested number while n × resamples stays within
 * DRAW_BUDGET, else DRAW_BUDGET / n but never fewer than MIN_RESAMPLES (n = 10,000 → 300). With thousands of
 * values the interval is narrow, and 300 resamples put each end within about 0.15 standard error of the mean
 * (Monte Carlo error of a 2.5 % quantile) of where 2,000 would.
 */
export function resamplesFor(n: number, requested = 2000): number {
  if (n * requested <= DRAW_BUDGET) return requested;
  return Math.min(requested, Math.max(MIN_RESAMPLES, Math.floor(DRAW_BUDGET / n)));
}

/** Judge tokens and cost per target, summed from the judge scores' details (kept apart from the candidates'). */
export function judgeTotals(scores: readonly StoredScore[]) {
  const totals = new Map<string, { tokens: number; cost: number; priced: boolean }>();
  for (const s of scores) {
    const usage = s.details?.usage as { inputTokens?: number; outputTokens?: number } | undefined;
    if (s.details?.judge === undefined || usage === undefined) continue;
    const t = totals.get(s.targetId) ?? { tokens: 0, cost: 0, priced: false };
    t.tokens += (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
    if (typeof s.details.costUsd === 'number') {
      t.cost += s.details.costUsd;
      t.priced = true;
    }
    totals.set(s.targetId, t);
  }
  return totals;
}

export function targetRows(summaries: readonly TargetMetricSummary[], scores: readonly StoredScore[]) {
  const judges = judgeTotals(scores);
  return summaries.map((s) => {
    const cost = s.metrics.find((m) => m.metric === 'cost_usd');
    const latency = s.metrics.find((m) => m.metric === 'latency_ms');
    const judge = judges.get(s.targetId);
    return {
      targetId: s.targetId,
      modelId: s.modelId ?? '–',
      cases: fmtInt(s.cases),
      calls: fmtInt(s.calls),
      ok: fmtInt(s.ok),
      errors: fmtInt(s.errors),
      errorRate: fmtPct(s.errorRate),
      errorClasses: Object.entries(s.errorsByClass).map(([cls, n]) => `${cls} × ${n}`),
      latencyP50: fmtMetric('latency_ms', latency?.p50),
      latencyP99: fmtMetric('latency_ms', latency?.p99),
      inputTokens: fmtInt(s.inputTokens),
      outputTokens: fmtInt(s.outputTokens),
      cost: cost ? fmtUsd(cost.sum) : 'no price',
      costPerCall: cost ? fmtUsd(cost.mean) : 'no price',
      judgeTokens: judge ? fmtInt(judge.tokens) : '–',
      judgeCost: judge ? (judge.priced ? fmtUsd(judge.cost) : 'no price') : '–',
    };
  });
}

/** Values per `target\0metric`: scores, plus latency of ok rows and 0/1 error per call from the results. */
export function metricValues(results: readonly StoredCaseResult[], scores: readonly StoredScore[]) {
  const out = new Map<string, number[]>();
  const push = (target: string, metric: string, v: number) => {
    if (!Number.isFinite(v)) return;
    const key = `${target}\u0000${metric}`;
    const list = out.get(key);
    if (list) list.push(v);
    else out.set(key, [v]);
  };
  for (const s of scores) push(s.targetId, s.metric, s.value);
  for (const r of results) {
    if (r.status === 'ok' && r.latencyMs !== null) push(r.targetId, 'latency_ms', r.latencyMs);
    push(r.targetId, 'error_rate', r.status === 'ok' ? 0 : 1);
  }
  return out;
}

/** `[low, high]` of an interval in the metric's unit; '' when there is none (n < 2). */
export function fmtInterval(metric: string, low: number, high: number, n: number): string {
  if (n < 2 || !Number.isFinite(low) || !Number.isFinite(high)) return '';
  return `[${fmtMetric(metric, low)}, ${fmtMetric(metric, high)}]`;
}

export function metricRows(
  summaries: readonly TargetMetricSummary[],
  values: Map<string, number[]>,
  opts: ScoreboardOptions = {},
) {
  return summaries.flatMap((s) =>
    s.metrics.map((m) => {
      const xs = values.get(`${s.targetId}\u0000${m.metric}`) ?? [];
      const ci = bootstrapMeanCi(xs, {
        seed: opts.seed ?? 1,
        resamples: resamplesFor(xs.length, opts.resamples),
      });
      return {
        targetId: s.targetId,
        metric: m.metric,
        n: fmtInt(m.n),
        mean: fmtMetric(m.metric, m.mean),
        ci: fmtInterval(m.metric, ci.low, ci.high, ci.n),
        passRate: fmtPct(m.passRate),
        p50: fmtMetric(m.metric, m.p50),
        p90: fmtMetric(m.metric, m.p90),
        p99: fmtMetric(m.metric, m.p99),
        min: fmtMetric(m.metric, m.min),
        max: fmtMetric(m.metric, m.max),
      };
    }),
  );
}
