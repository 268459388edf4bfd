/**
 * One metric of one suite across its stored runs (nightly history): per run and target the same figure that
 * `metricSummary` computes for that run (see summary.ts for the definitions), in one SQL over runs,
 * case_results and scores.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { EvalgateError } from '../core/errors.ts';

export type TrendStat = 'mean' | 'p50' | 'p90' | 'p99' | 'pass_rate';
export const TREND_STATS: readonly TrendStat[] = ['mean', 'p50', 'p90', 'p99', 'pass_rate'];

export interface TrendQuery {
  suiteName: string;
  /** A score metric, or the built-ins `latency_ms` and `error_rate`. */
  metric: string;
  /** Default `mean`. `error_rate` has only `mean`. */
  stat?: TrendStat;
  /** Only this target (default: every target the runs have). */
  target?: string;
  /** The newest N runs (default 30). */
  last?: number;
  /**
   * Runs up to and including this one (by start time), which is included whatever its status; used by the
   * report so an older run's chart shows the history as it was. Without it: every completed run.
   */
  untilRunId?: string;
}

export interface TrendPoint {
  targetId: string;
  /** The figure (null when the run has no value of the metric for this target). */
  value: number | null;
  /** Values behind the figure: finite values (mean, quantiles), values with pass/fail (pass_rate), calls (error_rate). */
  n: number;
}

export interface TrendRun {
  runId: string;
  startedAt: Date;
  promptVersion: string | null;
  /** From the run's metadata (`runs.meta`), when captured. */
  gitCommit: string | null;
  status: string;
  /** One point per target of the trend, in `TrendResult.targets` order. */
  points: TrendPoint[];
}

export interface TrendResult {
  suiteName: string;
  metric: string;
  stat: TrendStat;
  /** Targets in suite order (first seen position), then by id. */
  targets: string[];
  /** Oldest first. */
  runs: TrendRun[];
}

type Row = Record<string, unknown>;

const STAT_SQL: Record<TrendStat, string> = {
  mean: 'avg(v)',
  p50: 'quantile_cont(v, 0.5)::DOUBLE',
  p90: 'quantile_cont(v, 0.9)::DOUBLE',
  p99: 'quantile_cont(v, 0.99)::DOUBLE',
  pass_rate: 'avg(CASE WHEN pass THEN 1.0 WHEN NOT pass THEN 0.0 END)::DOUBLE',
};

/** The metric's values (as summary.ts takes them) of the picked runs: columns run_id, target_id, v, pass. */
function _values(metric: string): string {
  if (metric === 'latency_ms') {
    return `SELECT c.run_id, c.target_id, c.latency_ms AS v, s.pass FROM case_results c JOIN picked p USING (run_id)
      LEFT JOIN scores s ON s.run_id = c.run_id AND s.case_id = c.case_id AND s.target_id = c.target_id
        AND s.repeat = c.repeat AND s.metric = 'latency_ms'
      WHERE c.status = 'ok' AND c.latency_ms IS NOT NULL`;
  }
  return `SELECT s.run_id, s.target_id, s.value AS v, s.pass FROM scores s JOIN picked p USING (run_id)
    WHERE s.metric = $2 AND isfinite(s.value)`;
}

function _sql(metric: string, stat: TrendStat, until: boolean): string {
  const pickedWhere = until
    ? `suite_name = $1 AND (run_id = $4 OR (status = 'completed' AND EXISTS (SELECT 1 FROM runs u
        WHERE u.run_id = $4 AND (runs.started_at < u.started_at OR (runs.started_at = u.started_at
          AND runs.run_id < u.run_id)))))`
    : `suite_name = $1 AND status = 'completed'`;
  const agg =
    metric === 'error_rate'
      ? 'SELECT NULL::VARCHAR AS run_id, NULL::VARCHAR AS target_id, NULL::DOUBLE AS value, 0 AS n WHERE false'
      : `SELECT run_id, target_id, ${STAT_SQL[stat]} AS value,
           ${stat === 'pass_rate' ? 'count(pass)' : 'count(v)'}::INTEGER AS n
         FROM (${_values(metric)}) GROUP BY ALL`;
  return `
WITH picked AS (
  SELECT run_id, started_at, prompt_version, status, json_extract_string(meta, '$.git.commit') AS git_commit
  FROM runs WHERE ${pickedWhere}
  ORDER BY started_at DESC, run_id DESC LIMIT $3
), tg AS (
  SELECT c.run_id, c.target_id, count(*)::INTEGER AS calls,
    count(*) FILTER (WHERE c.status = 'error')::INTEGER AS errors
  FROM case_results c JOIN picked p USING (run_id) GROUP BY ALL
), agg AS (${agg})
SELECT p.run_id, p.started_at, p.prompt_version, p.status, p.git_commit, tg.target_id, tg.calls, tg.errors, rt.position,
  agg.value, agg.n, $2 AS metric
FROM picked p LEFT JOIN tg ON tg.run_id = p.run_id
LEFT JOIN agg ON agg.run_id = tg.run_id AND agg.target_id = tg.target_id
LEFT JOIN run_targets rt ON rt.run_id = tg.run_id AND rt.target_id = tg.target_id
ORDER BY p.started_at, p.run_id, rt.position NULLS LAST, tg.target_id`;
}

async function _rows(conn: DuckDBConnection, sql: string, params: (string | number)[]): Promise<Row[]> {
  return (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as Row[];
}

function _list(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}

/** Checks that the suite and metric exist, so a typo gets a one-line error naming what does. */
async function _check(conn: DuckDBConnection, q: TrendQuery, stat: TrendStat): Promise<void> {
  const suites = (await _rows(conn, 'SELECT DISTINCT suite_name AS s FROM runs ORDER BY 1', [])).map((r) =>
    String(r.s),
  );
  if (!suites.includes(q.suiteName))
    throw new EvalgateError('USAGE', `no runs of suite "${q.suiteName}"; suites with runs: ${_list(suites)}`);
  const metrics = (
    await _rows(
      conn,
      `SELECT DISTINCT metric AS m FROM scores JOIN runs USING (run_id) WHERE suite_name = $1
       UNION SELECT 'latency_ms' UNION SELECT 'error_rate' ORDER BY 1`,
      [q.suiteName],
    )
  ).map((r) => String(r.m));
  if (!metrics.includes(q.metric))
    throw new EvalgateError(
      'USAGE',
      `suite "${q.suiteName}" has no metric "${q.metric}"; metrics: ${_list(metrics)}`,
    );
  if (q.metric === 'error_rate' && stat !== 'mean')
    throw new EvalgateError('USAGE', `error_rate has only the mean stat, not ${stat}`);
}

/** The trend of one metric: the newest `last` runs of the suite, oldest first, one point per target. */
export async function queryTrend(conn: DuckDBConnection, q: TrendQuery): Promise<TrendResult> {
  const stat = q.stat ?? 'mean';
  if (!TREND_STATS.includes(stat))
    throw new EvalgateError('USAGE', `unknown stat "${stat}"; stats: ${TREND_STATS.join(', ')}`);
  const last = q.last ?? 30;
  if (!Number.isInteger(last) || last < 1)
    throw new EvalgateError('USAGE', `last expects an integer ≥ 1, got ${last}`);
  await _check(conn, q, stat);
  const params = [q.suiteName, q.metric, last, ...(q.untilRunId === undefined ? [] : [q.untilRunId])];
  const rows = await _rows(conn, _sql(q.metric, stat, q.untilRunId !== undefined), params);
  const targets = _targets(rows);
  if (q.target !== undefined && !targets.includes(q.target))
    throw new EvalgateError(
      'USAGE',
      `no target "${q.target}" in the runs of suite "${q.suiteName}"; targets: ${_list(targets)}`,
    );
  const shown = q.target === undefined ? targets : [q.target];
  const runs = new Map<string, TrendRun & { byTarget: Map<string, TrendPoint> }>();
  for (const r of rows) {
    const id = String(r.run_id);
    let run = runs.get(id);
    if (!run) {
      run = {
        runId: id,
        startedAt: r.started_at as Date,
        promptVersion: r.prompt_version === null ? null : String(r.prompt_version),
        gitCommit: r.git_commit === null ? null : String(r.git_commit),
        status: String(r.status),
        points: [],
        byTarget: new Map(),
      };
      runs.set(id, run);
    }
    if (r.target_id === null) continue;
    const targetId = String(r.target_id);
    const calls = Number(r.calls);
    run.byTarget.set(
      targetId,
      q.metric === 'error_rate'
        ? { targetId, value: calls === 0 ? 0 : Number(r.errors) / calls, n: calls }
        : { targetId, value: r.value === null ? null : Number(r.value), n: r.n === null ? 0 : Number(r.n) },
    );
  }
  return {
    suiteName: q.suiteName,
    metric: q.metric,
    stat,
    targets: shown,
    runs: [...runs.values()].map(({ byTarget, ...run }) => ({
      ...run,
      points: shown.map((t) => byTarget.get(t) ?? { targetId: t, value: null, n: 0 }),
    })),
  };
}

/** Targets by their smallest suite position (unknown positions last), then id. */
function _targets(rows: readonly Row[]): string[] {
  const pos = new Map<string, number>();
  for (const r of rows) {
    if (r.target_id === null) continue;
    const p = r.position === null ? Number.POSITIVE_INFINITY : Number(r.position);
    const id = String(r.target_id);
    pos.set(id, Math.min(pos.get(id) ?? Number.POSITIVE_INFINITY, p));
  }
  return [...pos.entries()]
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([id]) => id);
}
