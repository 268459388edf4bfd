/**
 * The report's retrieval section: candidates ranked by a retrieval metric (nDCG@K by default), each metric's
 * mean with a seeded 95 % bootstrap interval over cases, and the best configuration named. A sweep's candidates
 * (ids like `rag-fixed.size400.topK5`) are ranked side by side, so a chunking or K choice can be read off.
 */
import { bootstrapMeanCi, type Interval } from '../stats/bootstrap.ts';
import type { StoredScore } from '../store/types.ts';

/** Metric names the `retrieval` scorer emits (optionally prefixed `<name>_`). */
const RETRIEVAL_METRIC = /^(?:[a-z0-9_-]+_)?(?:(?:precision|recall|hit_rate|ndcg)@\d+|mrr|map)$/;

export function isRetrievalMetric(metric: string): boolean {
  return RETRIEVAL_METRIC.test(metric);
}

/** nDCG at the smallest cutoff ≥ 5 (else the largest), else MAP, else MRR, else the first retrieval metric. */
export function pickRankingMetric(metrics: readonly string[]): string | undefined {
  const at = (m: string) => Number(/@(\d+)$/.exec(m)?.[1] ?? Number.NaN);
  const ndcg = metrics.filter((m) => /(?:^|_)ndcg@\d+$/.test(m)).sort((a, b) => at(a) - at(b));
  return (
    ndcg.find((m) => at(m) >= 5) ??
    ndcg[ndcg.length - 1] ??
    metrics.find((m) => /(?:^|_)map$/.test(m)) ??
    metrics.find((m) => /(?:^|_)mrr$/.test(m)) ??
    metrics[0]
  );
}

const _f = (x: number) => x.toFixed(3);
const _ci = (i: Interval) => (i.n === 0 ? '–' : `${_f(i.mean)} [${_f(i.low)}, ${_f(i.high)}]`);
const _cell = (i: Interval) =>
  i.n === 0 ? { mean: '–', ci: '' } : { mean: _f(i.mean), ci: `${_f(i.low)}–${_f(i.high)}` };

/** A swept target: the sweep's written id and the parameter values of this combination. */
export interface SweepMember {
  sweepOf: string;
  params: Record<string, unknown>;
}

export interface RetrievalSection {
  rankBy: string;
  metrics: string[];
  rows: {
    rank: number;
    targetId: string;
    n: number;
    cells: { mean: string; ci: string }[];
    best: boolean;
    params: string;
  }[];
  best: { targetId: string; value: string; separable: boolean } | null;
  /** The best combination of each sweep, by the ranking metric. */
  sweeps: { sweep: string; targetId: string; params: string; value: string; of: number }[];
}

/** Swept targets of a run, from its stored config (`targets[]` entries with `sweepOf` and `params`). */
export function sweepMembers(config: unknown): Map<string, SweepMember> {
  const out = new Map<string, SweepMember>();
  const targets = (config as { targets?: unknown } | null | undefined)?.targets;
  if (!Array.isArray(targets)) return out;
  for (const t of targets as { id?: unknown; sweepOf?: unknown; params?: unknown }[]) {
    if (typeof t?.id === 'string' && typeof t.sweepOf === 'string') {
      out.set(t.id, { sweepOf: t.sweepOf, params: (t.params ?? {}) as Record<string, unknown> });
    }
  }
  return out;
}

const _params = (m: SweepMember | undefined) =>
  m
    ? Object.entries(m.params)
        .map(([k, v]) => `${k.split('.').pop()}=${String(v)}`)
        .join(', ')
    : '';

/** Ranks targets by their mean of the ranking metric; null when the run has no retrieval scores. */
export function retrievalSection(
  scores: readonly StoredScore[],
  sweeps: ReadonlyMap<string, SweepMember> = new Map(),
): RetrievalSection | null {
  const byTarget = new Map<string, Map<string, number[]>>();
  for (const s of scores) {
    if (!isRetrievalMetric(s.metric)) continue;
    let perMetric = byTarget.get(s.targetId);
    if (!perMetric) {
      perMetric = new Map();
      byTarget.set(s.targetId, perMetric);
    }
    const list = perMetric.get(s.metric);
    if (list) list.push(s.value);
    else perMetric.set(s.metric, [s.value]);
  }
  if (byTarget.size === 0) return null;
  const metrics = [...new Set([...byTarget.values()].flatMap((m) => [...m.keys()]))].sort(_metricOrder);
  const rankBy = pickRankingMetric(metrics) as string;
  const stats = [...byTarget].map(([targetId, perMetric]) => ({
    targetId,
    intervals: metrics.map((m) => bootstrapMeanCi(perMetric.get(m) ?? [])),
    key: bootstrapMeanCi(perMetric.get(rankBy) ?? []),
  }));
  stats.sort((a, b) => _desc(a.key.mean, b.key.mean) || a.targetId.localeCompare(b.targetId));
  const [first, second] = stats;
  const best =
    first && !Number.isNaN(first.key.mean)
      ? {
          targetId: first.targetId,
          value: _ci(first.key),
          // Separable when the runner-up's interval lies wholly below the best's.
          separable: second === undefined || second.key.high < first.key.low,
        }
      : null;
  const sweepBest = new Map<string, { targetId: string; key: Interval; of: number }>();
  for (const s of stats) {
    const member = sweeps.get(s.targetId);
    if (!member || Number.isNaN(s.key.mean)) continue;
    const seen = sweepBest.get(member.sweepOf);
    // stats are sorted best first: the first member seen is the sweep's best
    if (seen) seen.of++;
    else sweepBest.set(member.sweepOf, { targetId: s.targetId, key: s.key, of: 1 });
  }
  return {
    rankBy,
    metrics,
    rows: stats.map((s, i) => ({
      rank: i + 1,
      targetId: s.targetId,
      n: s.key.n,
      cells: s.intervals.map(_cell),
      best: i === 0 && best !== null,
      params: _params(sweeps.get(s.targetId)),
    })),
    best,
    sweeps: [...sweepBest].map(([sweep, b]) => ({
      sweep,
      targetId: b.targetId,
      params: _params(sweeps.get(b.targetId)),
      value: _ci(b.key),
      of: b.of,
    })),
  };
}

function _desc(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return b - a;
}

/** precision, recall, hit_rate, ndcg by cutoff, then mrr, map. */
function _metricOrder(a: string, b: string): number {
  const rank = (m: string) => {
    const family = ['precision', 'recall', 'hit_rate', 'ndcg', 'mrr', 'map'].findIndex((f) =>
      new RegExp(`(?:^|_)${f}(?:@|$)`).test(m),
    );
    const k = Number(/@(\d+)$/.exec(m)?.[1] ?? 0);
    return family * 10_000 + k;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
