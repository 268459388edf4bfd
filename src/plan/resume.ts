import { EvalgateError } from '../core/errors.ts';
import type { DuckDbStore } from '../store/index.ts';
import type { RunRecord, StoredRunCounts } from '../store/types.ts';

/** What a resumed run starts from. */
export interface ResumeState {
  run: RunRecord;
  /** Keys stored as ok: not sent again. */
  done: Set<string>;
  /** Error rows deleted so they are retried, per error class. */
  retriedErrors: Record<string, number>;
}

/** `latest` → the newest run of the suite; any other value must name a run of this suite. */
export async function resolveResumeRunId(
  store: Pick<DuckDbStore, 'latestRunId' | 'file'>,
  arg: string,
  suiteName: string,
): Promise<string> {
  if (arg !== 'latest') return arg;
  const id = await store.latestRunId(suiteName);
  if (!id)
    throw new EvalgateError('USAGE', `--resume latest: no run of suite "${suiteName}" in ${store.file}`);
  return id;
}

/** The run, when `runId` can be resumed with this suite (same suite name and file hash); else a one-line error. */
async function _resumable(
  store: DuckDbStore,
  runId: string,
  suite: { name: string; hash: string; displayPath: string },
): Promise<RunRecord> {
  const run = await store.getRun(runId);
  if (!run) throw new EvalgateError('USAGE', `--resume ${runId}: no such run in ${store.file}`);
  if (run.suiteName !== suite.name) {
    throw new EvalgateError(
      'USAGE',
      `--resume ${runId}: that run is of suite "${run.suiteName}", not "${suite.name}"`,
      suite.displayPath,
    );
  }
  if (run.suiteHash !== suite.hash) {
    throw new EvalgateError(
      'USAGE',
      `--resume ${runId}: the suite file changed since that run (sha256 ${run.suiteHash.slice(0, 12)}… now ${suite.hash.slice(0, 12)}…); restore it or start a new run`,
      suite.displayPath,
    );
  }
  return run;
}

/**
 * Checks that `runId` can be resumed with this suite, then deletes its error rows (they are retried; the store is
 * first-write-wins, so they must go first) and returns the keys stored as ok.
 */
export async function prepareResume(
  store: DuckDbStore,
  runId: string,
  suite: { name: string; hash: string; displayPath: string },
): Promise<ResumeState> {
  const run = await _resumable(store, runId, suite);
  const retriedErrors = await store.deleteErrorResults(runId);
  const done = await store.completedKeys(runId);
  return { run, done, retriedErrors };
}

/** For `--dry-run --resume`: the same checks, changes nothing; returns the keys stored as ok. */
export async function prepareResumePreview(
  store: DuckDbStore,
  runId: string,
  suite: { name: string; hash: string; displayPath: string },
): Promise<Set<string>> {
  await _resumable(store, runId, suite);
  return store.completedKeys(runId, true);
}

/** Counters that describe the stored rows; they are recomputed, not carried over. */
const ROW_COUNTERS = new Set(['cases', 'badRows', 'calls', 'ok', 'errors', 'errorsByClass']);

/**
 * The run's counts after a resumed session: this session's counts, plus the `kept` ok rows of earlier sessions
 * (as calls and ok), plus the event counters of earlier sessions (throttles, retries, cache hits …) when an
 * earlier session finished and recorded them (a killed session records none). Error counts are this session's
 * only: earlier error rows were deleted and retried.
 */
export function carryCounts<T extends object>(session: T, previous: StoredRunCounts | null, kept: number): T {
  const out = structuredClone(session) as Record<string, unknown>;
  out.calls = Number(out.calls ?? 0) + kept;
  out.ok = Number(out.ok ?? 0) + kept;
  for (const [name, value] of Object.entries(previous ?? {})) {
    if (ROW_COUNTERS.has(name) || typeof value !== 'number') continue;
    out[name] = Number(out[name] ?? 0) + value;
  }
  return out as T;
}
