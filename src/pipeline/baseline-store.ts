/**
 * `pnpm test:eval` on a pull request: the branch's run of a suite compared with the suite's baseline run from
 * another store — main's DuckDB file, e.g. the artifact of main's last CI run (EVALGATE_BASELINE_DB). The
 * baseline is the suite's newest promoted run there (else its newest run); the comparison pairs cases as
 * `evalgate compare` does and names both runs' prompt versions per target.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { compareRunRows, type RunComparison, readRunRows } from '../compare/index.ts';
import { EvalgateError } from '../core/errors.ts';
import { openStore } from '../store/index.ts';
import type { RunRecord } from '../store/types.ts';

export interface BaselineComparison {
  baselineRunId: string;
  /** target id → prompt version, of each run. */
  baselinePrompts: Record<string, string>;
  candidatePrompts: Record<string, string>;
  comparison: RunComparison;
}

const _prompts = (run: RunRecord): Record<string, string> =>
  Object.fromEntries(run.targets.map((t) => [t.id, t.promptVersion ?? run.promptVersion ?? '?']));

/**
 * Compares `runId` (in `candidateDb`) with the suite's baseline in `baselineDb`; undefined when that store has no
 * run of the suite. The baseline file is read from a temporary copy (opening a store may migrate it).
 */
export async function compareWithBaselineStore(opts: {
  baselineDb: string;
  candidateDb: string;
  runId: string;
  suiteName: string;
  seed?: number;
}): Promise<BaselineComparison | undefined> {
  const tmp = await mkdtemp(join(tmpdir(), 'evalgate-baseline-'));
  try {
    const copy = join(tmp, basename(opts.baselineDb));
    await copyFile(opts.baselineDb, copy).catch((err: NodeJS.ErrnoException) => {
      throw new EvalgateError(
        'USAGE',
        `cannot read the baseline store (${err.code ?? err.message})`,
        opts.baselineDb,
      );
    });
    let base: Awaited<ReturnType<typeof readRunRows>>;
    let baseRun: RunRecord;
    {
      await using store = await openStore(copy);
      const id =
        (await store.latestSuiteRun(opts.suiteName, { promotedOnly: true })) ??
        (await store.latestSuiteRun(opts.suiteName));
      if (!id) return undefined;
      base = await readRunRows(store, id);
      baseRun = (await store.getRun(id))!;
    }
    await using cand = await openStore(opts.candidateDb);
    const candRun = await cand.getRun(opts.runId);
    if (!candRun) throw new EvalgateError('USAGE', `no run ${opts.runId}`, opts.candidateDb);
    const comparison = compareRunRows(base, await readRunRows(cand, opts.runId), { seed: opts.seed ?? 1 });
    return {
      baselineRunId: baseRun.runId,
      baselinePrompts: _prompts(baseRun),
      candidatePrompts: _prompts(candRun),
      comparison,
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
