/**
 * The routing summary of one router candidate (pure, from a run's stored rows): the routed system against its
 * all-strong `baseline` over the paired cases (same case and repeat, both answered) —
 * - each quality metric's two means and the paired difference (routed − baseline) with its seeded 95 % bootstrap
 *   CI; "equal" when the whole CI lies within ±margin, "non-inferior" when its lower bound is ≥ −margin;
 * - cost per 1,000 cases (1,000 × mean `cost_usd` over the pairs where both have one) and the saving;
 * - p50 / p99 latency of each (its own ok rows, type-7 quantiles);
 * - routing accuracy against the tier label column, the confusion (label × routed tier), the share of cases per
 *   tier and how cases were routed (rule / classifier / default).
 */
import { lowerIsBetter } from '../compare/metric.ts';
import { routeOf } from '../scorers/routing.ts';
import type { Interval } from '../stats/bootstrap.ts';
import { quantileSorted } from '../stats/bootstrap.ts';
import { pairedBootstrapCi } from '../stats/paired.ts';
import type { StoredCaseResult, StoredScore } from '../store/types.ts';
import { type RouterTargetConfig, routerTargets } from './config.ts';

export interface QualityComparison {
  metric: string;
  /** Means over the paired cases. */
  routed: number;
  baseline: number;
  /** Mean of routed − baseline with its 95 % paired bootstrap interval. */
  diff: Interval;
  /** The interval lies within ±margin. */
  equal: boolean;
  /** The interval's lower bound is ≥ −margin. */
  nonInferior: boolean;
}

export interface LatencyFigures {
  n: number;
  p50: number | null;
  p99: number | null;
}

export interface RoutingSummary {
  targetId: string;
  baseline: string | null;
  /** Why there is no comparison, when there is none. */
  note?: string;
  tierLabel: string;
  margin: number;
  /** Routed rows answered (ok). */
  rows: number;
  quality: QualityComparison[];
  /** Every quality metric equal; null when there is no quality metric to compare. */
  equalQuality: boolean | null;
  cost: {
    pairs: number;
    routedPer1k: number;
    baselinePer1k: number;
    savedPer1k: number;
    /** Saving as a share of the baseline's cost (null when the baseline costs nothing). */
    savedShare: number | null;
  } | null;
  latency: { routed: LatencyFigures; baseline: LatencyFigures | null };
  accuracy: { correct: number; labelled: number; value: number | null };
  /** counts[i][j] = rows labelled `labels[i]` routed to `tiers[j]`. */
  confusion: { labels: string[]; tiers: string[]; counts: number[][] };
  tiers: { tier: string; model: string; rows: number; share: number | null }[];
  by: { rule: number; classifier: number; default: number };
  /** Classifier answers from which no tier could be read (routed to the default tier). */
  unparsed: number;
}

export interface RoutingSummaryOptions {
  seed?: number;
  resamples?: number;
  /** Overrides every router's `margin`. */
  margin?: number;
}

/** Quality metrics: those where higher is better (not latency, tokens, cost or errors; src/compare/metric.ts). */
const isQuality = (m: string) => !lowerIsBetter(m);

const _key = (caseId: string, repeat: number) => `${caseId}\u0000${repeat}`;

/** metric → (case, repeat) → value, for one target (finite values only). */
function _valuesOf(scores: readonly StoredScore[], targetId: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const s of scores) {
    if (s.targetId !== targetId || !Number.isFinite(s.value)) continue;
    let m = out.get(s.metric);
    if (!m) {
      m = new Map();
      out.set(s.metric, m);
    }
    m.set(_key(s.caseId, s.repeat), s.value);
  }
  return out;
}

function _paired(a: Map<string, number> | undefined, b: Map<string, number> | undefined) {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [k, x] of a ?? []) {
    const y = b?.get(k);
    if (y === undefined) continue;
    xs.push(x);
    ys.push(y);
  }
  return { routed: xs, baseline: ys };
}

const _mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

function _latency(results: readonly StoredCaseResult[], targetId: string): LatencyFigures {
  const ms = results
    .filter((r) => r.targetId === targetId && r.status === 'ok' && r.latencyMs !== null)
    .map((r) => r.latencyMs as number)
    .sort((a, b) => a - b);
  if (ms.length === 0) return { n: 0, p50: null, p99: null };
  return { n: ms.length, p50: quantileSorted(ms, 0.5), p99: quantileSorted(ms, 0.99) };
}

function _label(vars: Record<string, unknown>, column: string): string | undefined {
  const v = vars[column];
  if (v === undefined || v === null) return undefined;
  const text = String(v).trim();
  return text === '' ? undefined : text;
}

/** Accuracy, confusion, shares and routing methods from the routed target's ok rows. */
function _routes(router: RouterTargetConfig, results: readonly StoredCaseResult[]) {
  const declared = router.tiers.map((t) => t.name);
  const rows = results.filter((r) => r.targetId === router.targetId && r.status === 'ok');
  const by = { rule: 0, classifier: 0, default: 0 };
  const perTier = new Map<string, number>();
  const cells = new Map<string, number>();
  const labels = new Set<string>();
  let correct = 0;
  let labelled = 0;
  let unparsed = 0;
  let routedRows = 0;
  for (const r of rows) {
    const route = routeOf(r.raw);
    if (!route) continue;
    routedRows++;
    if (route.by === 'rule' || route.by === 'classifier' || route.by === 'default') by[route.by]++;
    const c = (r.raw as { route?: { classifier?: { parsed?: unknown } } }).route?.classifier;
    if (c && c.parsed === false) unparsed++;
    perTier.set(route.tier, (perTier.get(route.tier) ?? 0) + 1);
    const label = _label(r.vars, router.tierLabel);
    if (label === undefined) continue;
    labelled++;
    const expected = declared.find((t) => t.toLowerCase() === label.toLowerCase()) ?? label;
    labels.add(expected);
    if (expected.toLowerCase() === route.tier.toLowerCase()) correct++;
    const cell = `${expected}\u0000${route.tier}`;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
  }
  const tiers = [...declared, ...[...perTier.keys()].filter((t) => !declared.includes(t)).sort()];
  const labelList = [...declared, ...[...labels].filter((l) => !declared.includes(l)).sort()];
  return {
    rows: routedRows,
    by,
    unparsed,
    accuracy: { correct, labelled, value: labelled === 0 ? null : correct / labelled },
    confusion: {
      labels: labelList,
      tiers,
      counts: labelList.map((l) => tiers.map((t) => cells.get(`${l}\u0000${t}`) ?? 0)),
    },
    tiers: tiers.map((tier) => {
      const n = perTier.get(tier) ?? 0;
      return {
        tier,
        model: router.tiers.find((t) => t.name === tier)?.model ?? '',
        rows: n,
        share: routedRows === 0 ? null : n / routedRows,
      };
    }),
  };
}

/** The summary of one router candidate (see the file header). */
export function routingSummary(
  router: RouterTargetConfig,
  results: readonly StoredCaseResult[],
  scores: readonly StoredScore[],
  opts: RoutingSummaryOptions = {},
): RoutingSummary {
  const margin = opts.margin ?? router.margin;
  const routes = _routes(router, results);
  const summary: RoutingSummary = {
    targetId: router.targetId,
    baseline: router.baseline,
    tierLabel: router.tierLabel,
    margin,
    rows: routes.rows,
    quality: [],
    equalQuality: null,
    cost: null,
    latency: { routed: _latency(results, router.targetId), baseline: null },
    accuracy: routes.accuracy,
    confusion: routes.confusion,
    tiers: routes.tiers,
    by: routes.by,
    unparsed: routes.unparsed,
  };
  if (router.baseline === null) {
    summary.note = router.baselineWritten
      ? `baseline "${router.baselineWritten}" is not a target of this run`
      : 'no router.baseline: nothing to compare with';
    return summary;
  }
  const mine = _valuesOf(scores, router.targetId);
  const theirs = _valuesOf(scores, router.baseline);
  const boot = { seed: opts.seed ?? 1, resamples: opts.resamples ?? 2000 };
  for (const metric of [...mine.keys()].filter((m) => isQuality(m) && theirs.has(m)).sort()) {
    const p = _paired(mine.get(metric), theirs.get(metric));
    if (p.routed.length === 0) continue;
    const diff = pairedBootstrapCi(p.baseline, p.routed, boot);
    summary.quality.push({
      metric,
      routed: _mean(p.routed),
      baseline: _mean(p.baseline),
      diff,
      equal: diff.low >= -margin && diff.high <= margin,
      nonInferior: diff.low >= -margin,
    });
  }
  summary.equalQuality = summary.quality.length === 0 ? null : summary.quality.every((q) => q.equal);
  const cost = _paired(mine.get('cost_usd'), theirs.get('cost_usd'));
  if (cost.routed.length > 0) {
    const routedPer1k = 1000 * _mean(cost.routed);
    const baselinePer1k = 1000 * _mean(cost.baseline);
    const savedPer1k = baselinePer1k - routedPer1k;
    summary.cost = {
      pairs: cost.routed.length,
      routedPer1k,
      baselinePer1k,
      savedPer1k,
      savedShare: baselinePer1k === 0 ? null : savedPer1k / baselinePer1k,
    };
  }
  summary.latency.baseline = _latency(results, router.baseline);
  return summary;
}

/** The summary of every router candidate of a run (empty when it has none). */
export function routingSummaries(
  config: unknown,
  results: readonly StoredCaseResult[],
  scores: readonly StoredScore[],
  opts: RoutingSummaryOptions = {},
): RoutingSummary[] {
  return routerTargets(config).map((r) => routingSummary(r, results, scores, opts));
}
