/**
 * The newest run of a suite other than a given one — any (`latest`), or only one whose newest saved verdict is
 * `promote` (`latest-promoted`): how `evalgate gate --baseline` finds its baseline run.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export async function latestSuiteRunId(
  c: DuckDBConnection,
  suiteName: string,
  opts: { excludeRunId?: string; promotedOnly?: boolean } = {},
): Promise<string | undefined> {
  const promoted = opts.promotedOnly
    ? `JOIN (SELECT run_id, arg_max(decision, decided_at) AS decision FROM gate_verdicts GROUP BY run_id) v
         ON v.run_id = r.run_id AND v.decision = 'promote'`
    : '';
  const reader = await c.runAndReadAll(
    `SELECT r.run_id FROM runs r ${promoted} WHERE r.suite_name = $1 AND r.run_id <> $2
     ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1`,
    [suiteName, opts.excludeRunId ?? ''],
  );
  const row = reader.getRowObjectsJS()[0];
  return row ? String(row.run_id) : undefined;
}
