/** `beginRun`'s writes: the `runs` row (status running; a resumed run keeps its data), its targets and metadata. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { runTargetsOf, toTimestamp } from './rows.ts';
import { writeRunMeta } from './run-meta.ts';
import { toSafeJson } from './sanitize.ts';
import type { RunInfo } from './types.ts';

/** Run inside the caller's transaction. */
export async function writeRunStart(c: DuckDBConnection, info: RunInfo): Promise<void> {
  await c.run(
    `INSERT INTO runs (run_id, suite_name, suite_file, suite_hash, prompt_version, backend, status, started_at,
       finished_at, config, counts)
     VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, NULL, $8::JSON, NULL)
     ON CONFLICT (run_id) DO UPDATE SET status = 'running', finished_at = NULL`,
    [
      info.runId,
      info.suiteName,
      info.suiteFile,
      info.suiteHash,
      info.promptVersion ?? null,
      info.backend,
      toTimestamp(info.startedAt ?? new Date()),
      toSafeJson(info.config ?? null),
    ],
  );
  for (const [i, t] of runTargetsOf(info).entries()) {
    await c.run(
      `INSERT INTO run_targets (run_id, target_id, position, model_id, kind, prompt_version)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (run_id, target_id) DO UPDATE SET position = $3, model_id = $4, kind = $5, prompt_version = $6`,
      [info.runId, t.id, i, t.modelId, t.kind ?? null, t.promptVersion ?? null],
    );
  }
  if (info.meta) await writeRunMeta(c, info.runId, info.meta);
}
