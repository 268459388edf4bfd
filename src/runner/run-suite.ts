import { randomBytes } from 'node:crypto';
import type { LoadedSuite } from '../config/index.ts';
import { renderPrompt } from '../config/templates.ts';
import type { CaseResult, Scorer, Target } from '../core/types.ts';
import { planCalls } from '../plan/plan.ts';
import { priceFor } from '../scorers/prices.ts';
import { createScorers } from '../scorers/registry.ts';
import type { DuckDbStore } from '../store/index.ts';
import type { ClientPool } from '../targets/clients.ts';
import { createTarget } from '../targets/registry.ts';
import { BatchWriter } from './batch-writer.ts';
import { countResult, emptyCounts, type RunCounts } from './counts.ts';
import { executeCall } from './execute.ts';
import { loadCases } from './load-cases.ts';
import { runPool } from './pool.ts';
import { type ProgressSink, silentProgress } from './progress.ts';

export interface RunSuiteOptions {
  loaded: LoadedSuite;
  store: DuckDbStore;
  clients: ClientPool;
  /** Recorded on the run (e.g. `local (http://127.0.0.1:4010)`); never credentials. */
  backendLabel: string;
  progress?: ProgressSink;
  runId?: string;
}

export interface RunSuiteResult {
  runId: string;
  counts: RunCounts;
}

export function newRunId(suiteName: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${suiteName}-${stamp}-${randomBytes(2).toString('hex')}`;
}

/**
 * Runs one suite: cases × targets × repeats, each target under its own concurrency limit, every call stored
 * (an error is stored as an error with its class, never dropped), results appended to the store in batches.
 */
export async function runSuite(opts: RunSuiteOptions): Promise<RunSuiteResult> {
  const { loaded, store } = opts;
  const suite = loaded.suite;
  const progress = opts.progress ?? silentProgress;
  const runId = opts.runId ?? newRunId(suite.name);
  const counts = emptyCounts();

  const { cases, badRows } = await loadCases(loaded, (err) =>
    progress.note(`skipped bad row: ${err.message}`),
  );
  counts.cases = cases.length;
  counts.badRows = badRows;
  const targets: Target[] = suite.targets.map((spec) => createTarget(spec, opts.clients));
  const scorers: Scorer[] = createScorers(suite.scorers, { baseDir: loaded.dir, where: loaded.displayPath });

  await store.beginRun({
    runId,
    suiteName: suite.name,
    suiteFile: loaded.displayPath,
    suiteHash: loaded.hash,
    promptVersion: suite.prompt.version,
    backend: opts.backendLabel,
    startedAt: new Date(),
    config: suite,
    targets: targets.map((t) => ({ id: t.id, modelId: t.modelId, kind: t.kind })),
  });

  const writer = new BatchWriter((batch) => store.appendResults(batch));
  const plan = planCalls(
    cases,
    targets.map((t) => t.id),
    suite.repeats,
  );
  const total = [...plan.values()].reduce((n, calls) => n + calls.length, 0);
  progress.start(total, suite.name);

  const onResult = async (result: CaseResult) => {
    countResult(counts, result);
    progress.tick(result.outcome.status === 'ok');
    await writer.add(result);
  };

  try {
    await Promise.all(
      suite.targets.map((spec, i) => {
        const target = targets[i]!;
        const price = priceFor(spec.model, suite.prices);
        const deps = {
          runId,
          target,
          scorers,
          timeoutMs: spec.timeoutMs,
          scoreContext: { targetId: spec.id, modelId: spec.model, ...(price ? { price } : {}) },
          onScorerError: (scorer: Scorer, evalCase: { id: string }, err: unknown) => {
            counts.scorerErrors++;
            progress.note(`scorer ${scorer.name} failed on case ${evalCase.id} (${spec.id}): ${String(err)}`);
          },
        };
        return runPool(plan.get(spec.id) ?? [], spec.concurrency, async (call) => {
          const render = () => renderPrompt(loaded, call.evalCase, spec);
          await onResult(await executeCall(call.evalCase, call.repeat, render, deps));
        });
      }),
    );
    await writer.flush();
    progress.finish();
    await store.finishRun(runId, 'completed', counts);
  } catch (err) {
    progress.finish();
    await writer.flush().catch(() => {});
    await store.finishRun(runId, 'failed', counts).catch(() => {});
    throw err;
  }
  return { runId, counts };
}
