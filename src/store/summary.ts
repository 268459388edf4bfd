import type { DuckDBConnection } from '@duckdb/node-api';
import type { MetricStats, TargetMetricSummary } from './types.ts';

/**
 * Per target and metric aggregates of one run, computed by DuckDB.
 * - Score metrics aggregate finite values only (NaN/±Infinity are stored but not averaged).
 * - `latency_ms` is built in: its figures come from `case_results.latency_ms` of ok rows (so it exists without
 *   a latency scorer); its pass rate comes from `latency_ms` scores when a latency scorer set pass/fail.
 * - `error_rate` is built in: n = calls, mean = errors / calls, sum = errors; quantiles are null.
 * Percentiles are `quantile_cont` (linear interpolation between closest ranks).
 */

const STATS = `count(v)::INTEGER AS n, avg(v) AS mean,
  avg(CASE WHEN pass THEN 1.0 WHEN NOT pass THEN 0.0 END)::DOUBLE AS pass_rate, count(pass)::INTEGER AS pass_n,
  quantile_cont(v, 0.5)::DOUBLE AS p50, quantile_cont(v, 0.9)::DOUBLE AS p90,
  quantile_cont(v, 0.95)::DOUBLE AS p95, quantile_cont(v, 0.99)::DOUBLE AS p99,
  min(v)::DOUBLE AS min, max(v)::DOUBLE AS max, sum(v)::DOUBLE AS sum`;

const TARGETS_SQL = `
SELECT c.target_id, any_value(c.model_id) AS model_id, count(DISTINCT c.case_id)::INTEGER AS cases,
  count(*)::INTEGER AS calls, count(*) FILTER (WHERE c.status = 'ok')::INTEGER AS ok,
  count(*) FILTER (WHERE c.status = 'error')::INTEGER AS errors,
  sum(c.input_tokens) FILTER (WHERE c.status = 'ok')::DOUBLE AS input_tokens,
  sum(c.output_tokens) FILTER (WHERE c.status = 'ok')::DOUBLE AS output_tokens,
  any_value(t.position) AS position
FROM case_results c LEFT JOIN run_targets t ON t.run_id = c.run_id AND t.target_id = c.target_id
WHERE c.run_id = $1 GROUP BY c.target_id ORDER BY position NULLS LAST, c.target_id`;

const ERRORS_SQL = `
SELECT target_id, error_class, count(*)::INTEGER AS n FROM case_results
WHERE run_id = $1 AND status = 'error' GROUP BY ALL ORDER BY target_id, error_class`;

const SCORES_SQL = `
SELECT target_id, metric, ${STATS} FROM (
  SELECT target_id, metric, value AS v, pass FROM scores
  WHERE run_id = $1 AND metric NOT IN ('latency_ms', 'error_rate') AND isfinite(value)
) GROUP BY ALL ORDER BY target_id, metric`;

const LATENCY_SQL = `
SELECT target_id, 'latency_ms' AS metric, ${STATS} FROM (
  SELECT c.target_id, c.latency_ms AS v, s.pass FROM case_results c
  LEFT JOIN scores s ON s.run_id = c.run_id AND s.case_id = c.case_id AND s.target_id = c.target_id
    AND s.repeat = c.repeat AND s.metric = 'latency_ms'
  WHERE c.run_id = $1 AND c.status = 'ok' AND c.latency_ms IS NOT NULL
) GROUP BY ALL ORDER BY target_id`;

type Row = Record<string, unknown>;

function _n(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function _stats(r: Row): MetricStats {
  return {
    metric: String(r.metric),
    n: Number(r.n),
    mean: _n(r.mean),
    passRate: _n(r.pass_rate),
    passN: Number(r.pass_n),
    p50: _n(r.p50),
    p90: _n(r.p90),
    p95: _n(r.p95),
    p99: _n(r.p99),
    min: _n(r.min),
    max: _n(r.max),
    sum: _n(r.sum),
  };
}

async function _rows(conn: DuckDBConnection, sql: string, runId: string): Promise<Row[]> {
  const reader = await conn.runAndReadAll(sql, [runId]);
  return reader.getRowObjectsJS() as Row[];
}

export async function computeMetricSummary(
  conn: DuckDBConnection,
  runId: string,
): Promise<TargetMetricSummary[]> {
  const targets = await _rows(conn, TARGETS_SQL, runId);
  const errors = await _rows(conn, ERRORS_SQL, runId);
  const metricRows = [...(await _rows(conn, SCORES_SQL, runId)), ...(await _rows(conn, LATENCY_SQL, runId))];
  return targets.map((t) => {
    const targetId = String(t.target_id);
    const calls = Number(t.calls);
    const errorCount = Number(t.errors);
    const errorsByClass: Record<string, number> = {};
    for (const e of errors) {
      if (e.target_id === targetId) errorsByClass[String(e.error_class ?? 'Unknown')] = Number(e.n);
    }
    const errorRate = calls === 0 ? 0 : errorCount / calls;
    const metrics = metricRows.filter((m) => m.target_id === targetId).map(_stats);
    metrics.push(metricStats('error_rate', { n: calls, mean: errorRate, sum: errorCount }));
    metrics.sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
    return {
      targetId,
      modelId: t.model_id === null || t.model_id === undefined ? null : String(t.model_id),
      cases: Number(t.cases),
      calls,
      ok: Number(t.ok),
      errors: errorCount,
      errorRate,
      errorsByClass,
      inputTokens: _n(t.input_tokens),
      outputTokens: _n(t.output_tokens),
      metrics,
    };
  });
}

/** A metric's figures: `fields` over all-empty ones (n 0, no mean, no pass rate, no percentiles). */
export function metricStats(metric: string, fields: Partial<Omit<MetricStats, 'metric'>> = {}): MetricStats {
  return {
    metric,
    n: 0,
    mean: null,
    passRate: null,
    passN: 0,
    p50: null,
    p90: null,
    p95: null,
    p99: null,
    min: null,
    max: null,
    sum: null,
    ...fields,
  };
}
