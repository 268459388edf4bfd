/** Appends a run's CloudWatch EMF lines (src/metrics/emf.ts) to a file, or writes them to stdout for `-`. */
import { appendFile } from 'node:fs/promises';
import { emfLines } from '../metrics/emf.ts';
import type { DuckDbStore } from '../store/index.ts';
import type { GateDecision } from '../store/types.ts';

export async function writeEmf(
  store: Pick<DuckDbStore, 'metricSummary'>,
  target: string,
  run: { suite: string; runId: string; decision?: GateDecision; namespace?: string },
): Promise<void> {
  const lines = emfLines({
    ...run,
    timestamp: new Date(),
    summaries: await store.metricSummary(run.runId),
  });
  const text = lines.map((l) => `${l}\n`).join('');
  if (target === '-') process.stdout.write(text);
  else await appendFile(target, text);
}
