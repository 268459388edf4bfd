import { randomBytes } from 'node:crypto';
import { BatchedCacheReader, type CacheMode, cacheEnv, PendingEntries, targetCache } from '../cache/index.ts';
import type { JudgeCacheEnv } from '../cache/judge-cache.ts';
import type { LoadedSuite } from '../config/index.ts';
import { renderPrompt } from '../config/templates.ts';
import { EvalgateError } from '../core/errors.ts';
import type { CaseResult, Scorer, Target, TargetResponse } from '../core/types.ts';
import { suitePricer } from '../cost/index.ts';
import { streamCalls } from '../plan/plan.ts';
import { carryCounts, prepareResume } from '../plan/resume.ts';
import { inShard, type Shard, shardLabel } from '../plan/shard.ts';
import { createScorers } from '../scorers/registry.ts';
import type { DuckDbStore } from '../store/index.ts';
import type { ClientPool } from '../targets/clients.ts';
import { createTarget } from '../targets/registry.ts';
import { BatchWriter } from './batch-writer.ts';
import { CallGate } from './call-gate.ts';
import { countAttemptError, countResult, emptyCounts, type RunCounts } from './counts.ts';
import { type AttemptError, executeCall } from './execute.ts';
import { judgeProviderFor } from './judge-provider.ts';
import { eachCase, scanCases } from './load-cases.ts';
import { laneCount, runPool } from './pool.ts';
import { type ProgressSink, silentProgress } from './progress.ts';
import { resolveRetryPolicy } from './retry.ts';
import { captureRunMeta } from './run-meta.ts';
import type { TargetRunner } from './target-runner.ts';

export interface RunSuiteOptions {
  loaded: LoadedSuite;
  store: DuckDbStore;
  clients: ClientPool;
  /** Recorded on the run (e.g. `local (http://127.0.0.1:4010)`); never credentials. */
  backendLabel: string;
  progress?: ProgressSink;
  runId?: string;
  /**
   * Re-open `runId` (it must exist and have the same suite hash): keys stored as ok are skipped, keys stored as
   * errors are deleted and retried.
   */
  resume?: boolean;
  /** Response cache (default `use`: hits skip the model call and are marked `raw.cached`). */
  cache?: CacheMode;
  /** Run only the cases of this shard (`--shard i/n`, src/plan/shard.ts); recorded in the run's meta. */
  shard?: Shard;
  /** Runs a target's calls another way (batch inference, src/batch); undefined from it = the normal path. */
  targetRunner?: TargetRunner;
}

export interface RunSuiteResult {
  runId: string;
  /** The whole run's counts (a resumed run includes the ok rows of earlier sessions). */
  counts: RunCounts;
  /** Results of this session served from the response cache. */
  cacheHits: number;
  /** Keys stored before this session (resume) and not sent again; error rows retried per class. */
  resumed?: { done: number; retriedErrors: Record<string, number> };
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
  if (opts.resume && !opts.runId)
    throw new EvalgateError('USAGE', 'resume needs the id of the run to resume');
  const runId = opts.runId ?? newRunId(suite.name);
  const counts = emptyCounts();

  // one pass to count and check the cases; each target then streams them again (none is held in memory)
  const onBadRow = (err: EvalgateError) => progress.note(`skipped bad row: ${err.message}`);
  const scan = await scanCases(loaded, onBadRow, opts.shard);
  // every target streams the cases again (of its shard only, with --shard)
  const cases = () =>
    inShard(
      eachCase(loaded, () => {}),
      opts.shard,
    );
  counts.cases = scan.count;
  counts.badRows = scan.badRows;
  const targets: Target[] = suite.targets.map((spec) =>
    createTarget({ ...spec, baseDir: opts.loaded.dir }, opts.clients),
  );
  const cacheMode = opts.cache ?? 'use';
  const judgeCache: JudgeCacheEnv = {
    ...cacheEnv(opts.clients.backend),
    runId,
    mode: cacheMode,
    reader: cacheMode === 'use' ? new BatchedCacheReader((keys) => store.cachedResponses(keys)) : undefined,
    entries: [],
  };
  // prices: the suite's `prices:` over src/cost/prices.yaml, at the target's region (else the backend's)
  const pricer = suitePricer(suite.prices, opts.clients.backend.region);
  const scorers: Scorer[] = createScorers(suite.scorers, {
    baseDir: loaded.dir,
    where: loaded.displayPath,
    judge: judgeProviderFor(opts.clients, undefined, judgeCache),
    price: (modelId) => pricer(modelId),
  });
  const resume = opts.resume
    ? await prepareResume(store, runId, {
        name: suite.name,
        hash: loaded.hash,
        displayPath: loaded.displayPath,
      })
    : undefined;
  const done = resume?.done ?? new Set<string>();

  await store.beginRun({
    runId,
    suiteName: suite.name,
    suiteFile: loaded.displayPath,
    suiteHash: loaded.hash,
    promptVersion: suite.prompt.version,
    backend: opts.backendLabel,
    startedAt: new Date(),
    config: suite,
    targets: targets.map((t, i) => ({
      id: t.id,
      modelId: t.modelId,
      kind: t.kind,
      promptVersion: suite.targets[i]?.promptVersion ?? suite.prompt.version,
    })),
    meta: { ...(await captureRunMeta(loaded.dir)), ...(opts.shard ? { shard: shardLabel(opts.shard) } : {}) },
  });

  const caches = await Promise.all(
    targets.map((t, i) =>
      targetCache(store, t, {
        ...cacheEnv(opts.clients.backend, suite.targets[i]?.region),
        runId,
        mode: cacheMode,
      }),
    ),
  );
  const pendingCache = new PendingEntries<CaseResult>();
  // judge responses are cached with the next batch of results (they are not tied to one result row)
  const writer = new BatchWriter((batch) =>
    store.appendResults(batch, [...pendingCache.take(batch), ...judgeCache.entries.splice(0)]),
  );
  const total = scan.count * targets.length * suite.repeats;
  progress.note(
    resume ? `run ${runId} resumed: ${done.size} of ${total} calls already stored` : `run ${runId} started`,
  );
  progress.start(total, suite.name, done.size);

  const cacheHits = () => caches.reduce((n, c) => n + (c?.hits ?? 0), 0);
  // the run record's counts: this session's, plus what earlier sessions of a resumed run stored
  const runCounts = (): RunCounts => {
    const session = { ...counts, cacheHits: cacheHits() };
    return resume ? carryCounts(session, resume.run.counts, done.size) : session;
  };

  const onResult = async (result: CaseResult) => {
    countResult(counts, result);
    progress.tick(result.outcome.status === 'ok');
    await writer.add(result);
  };

  // Targets that other targets' scorers compare with (a pairwise scorer's `baseline`) run first, and their
  // answers are handed to the others' scorers for the same case and repeat.
  const baselines = _baselineTargets(suite.scorers);
  const answers = await _storedAnswers(store, resume ? runId : undefined, baselines);
  const runTarget = (spec: (typeof suite.targets)[number], i: number) => {
    const target = targets[i]!;
    const price = pricer(spec.model, spec.region);
    const deps = {
      runId,
      target,
      scorers,
      timeoutMs: spec.timeoutMs,
      scoreContext: {
        targetId: spec.id,
        modelId: spec.model,
        ...(price ? { price } : {}),
        priceOf: (modelId: string) => pricer(modelId, spec.region),
      },
      onScorerError: (scorer: Scorer, evalCase: { id: string }, err: unknown) => {
        counts.scorerErrors++;
        progress.note(`scorer ${scorer.name} failed on case ${evalCase.id} (${spec.id}): ${String(err)}`);
      },
      // retries, adaptive concurrency, rate limits and throttle pacing (one gate per target)
      retry: resolveRetryPolicy(spec.retry),
      gate: new CallGate({ concurrency: spec.concurrency, rateLimit: spec.rateLimit }),
      onAttemptError: (info: AttemptError) => {
        countAttemptError(counts, info);
        progress.attemptFailed?.(info.kind === 'throttle', info.retrying);
      },
    };
    const custom = opts.targetRunner?.({
      runId,
      spec,
      target,
      deps,
      calls: () => streamCalls(cases(), spec.id, suite.repeats, done),
      render: (evalCase) => renderPrompt(loaded, evalCase, spec),
      others: (caseId, repeat) => answers.forCall(caseId, repeat),
      onResult: async (result) => {
        if (baselines.has(spec.id)) answers.keep(spec.id, result);
        await onResult(result);
      },
      note: (line) => progress.note(line),
    });
    if (custom) return custom;
    const cache = caches[i];
    const lanes = laneCount(spec.concurrency);
    const calls = streamCalls(cases(), spec.id, suite.repeats, done);
    return runPool(calls, lanes, async (call) => {
      const render = () => renderPrompt(loaded, call.evalCase, spec);
      const cached = await cache?.lookup(call.repeat, render);
      // a cache hit makes no call: it skips the gate (no quota, no concurrency slot)
      const callDeps = cached
        ? { ...deps, target: cached.target, ...(cached.hit ? { gate: undefined } : {}) }
        : deps;
      const others = answers.forCall(call.evalCase.id, call.repeat);
      const withOthers = others
        ? { ...callDeps, scoreContext: { ...callDeps.scoreContext, otherResponses: others } }
        : callDeps;
      const result = await executeCall(call.evalCase, call.repeat, cached?.render ?? render, withOthers);
      if (baselines.has(spec.id)) answers.keep(spec.id, result);
      pendingCache.attach(result, cached, result.outcome.status === 'ok');
      await onResult(result);
    });
  };

  try {
    const indexed = suite.targets.map((spec, i) => ({ spec, i }));
    const first = indexed.filter(({ spec }) => baselines.has(spec.id));
    const rest = indexed.filter(({ spec }) => !baselines.has(spec.id));
    await Promise.all(first.map(({ spec, i }) => runTarget(spec, i)));
    await Promise.all(rest.map(({ spec, i }) => runTarget(spec, i)));
    await writer.flush();
    progress.finish();
    await store.finishRun(runId, 'completed', runCounts());
  } catch (err) {
    progress.finish();
    await writer.flush().catch(() => {});
    await store.finishRun(runId, 'failed', runCounts()).catch(() => {});
    throw err;
  }
  const resumed = resume && { done: done.size, retriedErrors: resume.retriedErrors };
  return { runId, counts: runCounts(), cacheHits: cacheHits(), ...(resumed ? { resumed } : {}) };
}

/** Target ids named as `baseline` by a scorer (pairwise). */
function _baselineTargets(scorers: readonly object[]): Set<string> {
  const named = scorers.map((s) => (s as { baseline?: unknown }).baseline);
  return new Set(named.filter((b): b is string => typeof b === 'string'));
}

/** The baseline targets' answers by case and repeat: kept as they arrive, and read back from a resumed run. */
async function _storedAnswers(store: DuckDbStore, resumedRunId: string | undefined, baselines: Set<string>) {
  const byKey = new Map<string, Record<string, TargetResponse>>();
  const key = (caseId: string, repeat: number) => `${caseId}\u0000${repeat}`;
  const put = (targetId: string, caseId: string, repeat: number, response: TargetResponse) => {
    const k = key(caseId, repeat);
    byKey.set(k, { ...byKey.get(k), [targetId]: response });
  };
  if (resumedRunId && baselines.size > 0) {
    for (const r of await store.listResults(resumedRunId)) {
      if (baselines.has(r.targetId) && r.status === 'ok' && r.outputText !== null) {
        put(r.targetId, r.caseId, r.repeat, { text: r.outputText, timing: { latencyMs: r.latencyMs ?? 0 } });
      }
    }
  }
  return {
    keep(targetId: string, result: CaseResult): void {
      if (result.outcome.status === 'ok')
        put(targetId, result.caseId, result.repeat, result.outcome.response);
    },
    forCall: (caseId: string, repeat: number) => byKey.get(key(caseId, repeat)),
  };
}
