/**
 * The HTML report's read of a run: its results (without the request and raw payload, which the report does not
 * show) and its scores, each table as ONE JSON document built by DuckDB and parsed once. For 20,000 results and
 * 80,000 scores this is about twice as fast as converting row objects value by value (`listResults`/`listScores`).
 * Same rows, same order, same shapes (request and raw are null).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StoredCaseResult, StoredScore } from './types.ts';

export interface ReportRows {
  results: StoredCaseResult[];
  scores: StoredScore[];
}

const RESULTS_SQL = `
SELECT to_json(list({caseId: c.case_id, targetId: c.target_id, repeat: c.repeat, modelId: c.model_id,
  status: c.status, outputText: c.output_text, vars: c.vars, expected: c.expected, errorClass: c.error_class,
  errorMessage: c.error_message, attempts: c.attempts,
  latencyMs: CASE WHEN isfinite(c.latency_ms) THEN c.latency_ms END,
  ttftMs: CASE WHEN isfinite(c.ttft_ms) THEN c.ttft_ms END,
  inputTokens: c.input_tokens, outputTokens: c.output_tokens, stopReason: c.stop_reason,
  retrieved: c.retrieved, citations: c.citations, guardrail: c.guardrail, startedAt: epoch_ms(c.started_at)}
  ORDER BY c.case_id, t.position NULLS LAST, c.target_id, c.repeat))::VARCHAR AS j
FROM case_results c LEFT JOIN run_targets t ON t.run_id = c.run_id AND t.target_id = c.target_id
WHERE c.run_id = $1`;

// JSON has no NaN or infinities: a non-finite value travels as a string ('nan', 'inf', '-inf')
const SCORES_SQL = `
SELECT to_json(list({caseId: case_id, targetId: target_id, repeat: repeat, metric: metric,
  value: CASE WHEN value IS NULL OR isfinite(value) THEN value::JSON ELSE to_json(value::VARCHAR) END,
  pass: pass, reason: reason, details: details}
  ORDER BY case_id, target_id, repeat, metric))::VARCHAR AS j
FROM scores WHERE run_id = $1`;

type JsonRow = Record<string, unknown>;

async function _list(conn: DuckDBConnection, sql: string, runId: string): Promise<JsonRow[]> {
  const reader = await conn.runAndReadAll(sql, [runId]);
  const text = reader.getRows()[0]?.[0];
  return text === null || text === undefined ? [] : (JSON.parse(String(text)) as JsonRow[]);
}

function _odd(text: unknown): number {
  return text === 'inf' ? Number.POSITIVE_INFINITY : text === '-inf' ? Number.NEGATIVE_INFINITY : Number.NaN;
}

/** Both lists, shaped in place (no copies: 100,000 objects). */
export async function readReportRows(conn: DuckDBConnection, runId: string): Promise<ReportRows> {
  const results = await _list(conn, RESULTS_SQL, runId);
  for (const r of results) {
    r.runId = runId;
    if (r.status !== 'ok') r.status = 'error';
    r.vars ??= {};
    r.request = null;
    r.raw = null;
    r.startedAt = new Date(Number(r.startedAt));
  }
  const scores = await _list(conn, SCORES_SQL, runId);
  for (const r of scores) {
    r.runId = runId;
    if (typeof r.value === 'string') r.value = _odd(r.value);
    else if (r.value === null) r.value = 0; // as listScores reads a NULL value
    if (r.details === null) r.details = undefined;
  }
  return {
    results: results as unknown as StoredCaseResult[],
    scores: scores as unknown as StoredScore[],
  };
}
