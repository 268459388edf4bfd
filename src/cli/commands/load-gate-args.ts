/** Resolving load runs named on the command line, and the load part of a gate verdict. */
import { EvalgateError } from '../../core/errors.ts';
import type { Verdict } from '../../gate/index.ts';
import { evaluateLoadGate, mergeVerdicts } from '../../load/gate.ts';
import { fromLoadRunRecord, storedGateRules } from '../../load/record.ts';
import { summarizeLoadRun } from '../../load/summary.ts';
import type { DuckDbStore, LoadRunRecord } from '../../store/index.ts';

/**
 * A load run by id; `latest` / `promoted` pick the newest (promoted) run of `profileName` (of any profile when
 * undefined), never `excludeRunId`. Throws a one-line USAGE error when nothing matches.
 */
export async function resolveLoadRun(
  store: DuckDbStore,
  arg: string,
  profileName?: string,
  excludeRunId?: string,
): Promise<LoadRunRecord> {
  const rec =
    arg === 'latest' || arg === 'promoted'
      ? await store.latestLoadRun(profileName, {
          promotedOnly: arg === 'promoted',
          ...(excludeRunId === undefined ? {} : { excludeRunId }),
        })
      : await store.getLoadRun(arg);
  if (!rec) {
    const of = profileName ? ` of profile ${profileName}` : '';
    throw new EvalgateError('USAGE', `no load run ${arg}${of} in ${store.file}`);
  }
  return rec;
}

/** The load gate verdict of a stored run (its profile's stored rules), against an optional baseline run. */
export function judgeLoadRun(rec: LoadRunRecord, baseline?: LoadRunRecord): Verdict {
  return evaluateLoadGate(storedGateRules(rec), {
    runId: rec.runId,
    candidate: rec.profileName,
    summary: summarizeLoadRun(fromLoadRunRecord(rec)),
    ...(baseline
      ? { baseline: { runId: baseline.runId, summary: summarizeLoadRun(fromLoadRunRecord(baseline)) } }
      : {}),
  });
}

/**
 * `evalgate gate RUN --load L [--load-baseline B]`: the load verdict (`load`, which names the load run) and the
 * verdict of the gated run (`merged`: merged with the quality verdict when there is one).
 */
export async function loadVerdictOf(
  store: DuckDbStore,
  loadArg: string,
  baselineArg: string | undefined,
  quality: Verdict | undefined,
  runId: string,
): Promise<{ merged: Verdict; load: Verdict }> {
  const rec = await resolveLoadRun(store, loadArg);
  const base = baselineArg ? await resolveLoadRun(store, baselineArg, rec.profileName, rec.runId) : undefined;
  if (base && base.runId === rec.runId) {
    throw new EvalgateError('USAGE', `--load-baseline ${baselineArg} is the load run itself (${rec.runId})`);
  }
  const load = judgeLoadRun(rec, base);
  return { merged: quality ? mergeVerdicts(quality, load) : { ...load, runId }, load };
}
