/** The Run section's facts: suite, prompt version, models, backend, git commit, versions and price table. */
import type { RunRecord } from '../store/types.ts';
import { fmtDuration, fmtTime } from './format.ts';

/** `abc1234 (dirty)`; `not recorded` for runs stored without metadata; `not a git checkout` when none. */
export function gitLabel(run: RunRecord): string {
  if (!run.meta) return 'not recorded';
  const git = run.meta.git;
  if (!git) return 'not a git checkout';
  return `${git.commit.slice(0, 7)}${git.dirty ? ' (dirty: uncommitted changes)' : ''}`;
}

export function runFacts(run: RunRecord) {
  return {
    runId: run.runId,
    suiteName: run.suiteName,
    suiteFile: run.suiteFile,
    suiteHash: run.suiteHash.slice(0, 12),
    promptVersion: run.promptVersion ?? '–',
    backend: run.backend,
    status: run.status,
    startedAt: fmtTime(run.startedAt),
    finishedAt: fmtTime(run.finishedAt),
    duration: fmtDuration(run.startedAt, run.finishedAt),
    git: gitLabel(run),
    gitCommit: run.meta?.git?.commit ?? '',
    evalgateVersion: run.meta?.evalgateVersion ?? '–',
    nodeVersion: run.meta?.nodeVersion ?? '–',
    platform: run.meta?.platform ?? '',
    priceTable: run.meta?.priceTable ?? '–',
    models: run.targets.map((t) => ({ id: t.id, modelId: t.modelId, kind: t.kind ?? '' })),
  };
}
