import { EvalgateError } from '../../core/errors.ts';
import { type DuckDbStore, openStore } from '../../store/index.ts';

export const storeArgs = {
  db: { type: 'string', default: 'out/evalgate.duckdb', description: 'DuckDB file' },
} as const;

/** Opens the store and resolves `latest` (or a given id) to a run id that exists. */
export async function openRun(
  db: string,
  runArg: string | undefined,
): Promise<{ store: DuckDbStore; runId: string }> {
  const store = await openStore(db);
  const runId = !runArg || runArg === 'latest' ? await store.latestRunId() : runArg;
  if (!runId || !(await store.getRun(runId))) {
    await store.close();
    throw new EvalgateError('USAGE', `no run ${runArg ?? 'latest'} in ${db}`);
  }
  return { store, runId };
}
