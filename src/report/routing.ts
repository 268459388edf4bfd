/**
 * The report's routing section: per router candidate, the routing summary (src/routing) with every figure
 * formatted — routed vs its all-strong baseline (quality with paired CIs, cost per 1,000 cases and the saving,
 * p50/p99 latency), routing accuracy, the share of cases per tier and the confusion table (label × routed tier).
 * Null when the run has no router target.
 */
import { type RoutingSummary, routerTargets, routingSummary } from '../routing/index.ts';
import type { StoredCaseResult, StoredScore } from '../store/types.ts';
import { fmtInt, fmtMs, fmtNum, fmtPct, fmtUsd } from './format.ts';

function _router(s: RoutingSummary) {
  const c = s.cost;
  const b = s.latency.baseline;
  return {
    targetId: s.targetId,
    baseline: s.baseline,
    note: s.note ?? null,
    tierLabel: s.tierLabel,
    margin: fmtNum(s.margin),
    rows: fmtInt(s.rows),
    accuracy: fmtPct(s.accuracy.value),
    correct: fmtInt(s.accuracy.correct),
    labelled: fmtInt(s.accuracy.labelled),
    by: { rule: fmtInt(s.by.rule), classifier: fmtInt(s.by.classifier), default: fmtInt(s.by.default) },
    unparsed: s.unparsed > 0 ? fmtInt(s.unparsed) : null,
    equalQuality: s.equalQuality,
    quality: s.quality.map((q) => ({
      metric: q.metric,
      routed: fmtNum(q.routed),
      baseline: fmtNum(q.baseline),
      diff: fmtNum(q.diff.mean),
      low: fmtNum(q.diff.low),
      high: fmtNum(q.diff.high),
      n: fmtInt(q.diff.n),
      verdict: q.equal ? 'equal' : q.nonInferior ? 'non-inferior' : 'worse or unclear',
      equal: q.equal,
    })),
    cost: c && {
      routed: fmtUsd(c.routedPer1k),
      baseline: fmtUsd(c.baselinePer1k),
      saved: fmtUsd(c.savedPer1k),
      savedShare: fmtPct(c.savedShare),
      pairs: fmtInt(c.pairs),
    },
    latency: {
      routedP50: fmtMs(s.latency.routed.p50),
      routedP99: fmtMs(s.latency.routed.p99),
      baselineP50: b ? fmtMs(b.p50) : null,
      baselineP99: b ? fmtMs(b.p99) : null,
    },
    tiers: s.tiers.map((t) => ({
      tier: t.tier,
      model: t.model,
      rows: fmtInt(t.rows),
      share: fmtPct(t.share),
    })),
    confusion: {
      tiers: s.confusion.tiers,
      rows: s.confusion.labels.map((label, i) => ({
        label,
        cells: s.confusion.tiers.map((tier, j) => ({
          n: fmtInt(s.confusion.counts[i]?.[j] ?? 0),
          hit: tier.toLowerCase() === label.toLowerCase(),
        })),
      })),
    },
  };
}

/**
 * The section's view model; null when the run has no router target. The routes live in each result's raw payload,
 * which the report's fast row read leaves out (`raw` null): the rows are then read again with `listResults`, only
 * for runs that have a router target.
 */
export async function routingSection(
  source: { listResults(runId: string): Promise<StoredCaseResult[]> },
  run: { runId: string; config: unknown },
  results: readonly StoredCaseResult[],
  scores: readonly StoredScore[],
  boot: { seed?: number; resamples?: number } = {},
) {
  const routers = routerTargets(run.config);
  if (routers.length === 0) return null;
  const ids = new Set(routers.map((r) => r.targetId));
  const withRaw = results.some((r) => ids.has(r.targetId) && r.raw !== null)
    ? results
    : await source.listResults(run.runId);
  return { routers: routers.map((r) => _router(routingSummary(r, withRaw, scores, boot))) };
}

export type RoutingSection = NonNullable<Awaited<ReturnType<typeof routingSection>>>;
