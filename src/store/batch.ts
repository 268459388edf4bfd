import type { DuckDBConnection } from '@duckdb/node-api';
import type { CaseResult } from '../core/types.ts';
import { appendResultRow, appendScoreRows, STAGING_DDL } from './rows.ts';

const KEY_MATCH =
  'x.run_id = s.run_id AND x.case_id = s.case_id AND x.target_id = s.target_id AND x.repeat = s.repeat';

/**
 * Writes one de-duplicated batch through the TEMP staging tables (call inside a transaction): append every row
 * with the DuckDB appender, drop staged results whose key is already stored (first write wins) and the scores of
 * dropped results, then INSERT the rest (model id from `run_targets`). Returns how many results were inserted.
 */
export async function writeStagedBatch(c: DuckDBConnection, batch: readonly CaseResult[]): Promise<number> {
  // Re-created, not emptied: DuckDB keeps deleted rows of a TEMP table in memory, so DELETE would grow by a batch
  // each time (hundreds of MB over a 100k-case run).
  await c.run(STAGING_DDL);
  const ra = await c.createAppender('stage_results', 'main', 'temp');
  const sa = await c.createAppender('stage_scores', 'main', 'temp');
  try {
    for (const r of batch) {
      appendResultRow(ra, r);
      appendScoreRows(sa, r);
    }
  } finally {
    ra.closeSync();
    sa.closeSync();
  }
  await c.run(`DELETE FROM stage_results s WHERE EXISTS (SELECT 1 FROM case_results x WHERE ${KEY_MATCH})`);
  await c.run(
    `DELETE FROM stage_scores s WHERE NOT EXISTS (SELECT 1 FROM stage_results x WHERE ${KEY_MATCH})`,
  );
  const counted = await c.runAndReadAll('SELECT count(*)::INTEGER FROM stage_results');
  const inserted = Number(counted.getRowsJS()[0]?.[0] ?? 0);
  await c.run(`INSERT INTO case_results
    SELECT s.run_id, s.case_id, s.target_id, s.repeat, t.model_id, s.status, s.output_text, s.request::JSON,
      s.vars::JSON, s.expected, s.error_class, s.error_message, s.attempts, s.latency_ms, s.ttft_ms,
      s.input_tokens, s.output_tokens, s.stop_reason, s.raw::JSON, s.started_at, s.retrieved::JSON,
      s.citations::JSON, s.guardrail::JSON
    FROM stage_results s LEFT JOIN run_targets t ON t.run_id = s.run_id AND t.target_id = s.target_id
    ON CONFLICT DO NOTHING`);
  await c.run(`INSERT INTO scores (run_id, case_id, target_id, repeat, metric, value, pass, reason, details)
    SELECT run_id, case_id, target_id, repeat, metric, value, pass, reason, details::JSON FROM stage_scores
    ON CONFLICT DO NOTHING`);
  return inserted;
}
