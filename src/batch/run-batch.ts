/**
 * `evalgate run --batch`: a suite run whose Bedrock model targets go through batch inference (one job per
 * target) instead of one request per call. Everything else is runSuite's: the run record, counts, progress,
 * batched writes, resume, pairwise baselines; targets batch cannot serve run on demand as usual (with a note).
 */
import { EvalgateError } from '../core/errors.ts';
import { suitePricer } from '../cost/index.ts';
import { scanCases } from '../runner/load-cases.ts';
import { type RunSuiteOptions, type RunSuiteResult, runSuite } from '../runner/run-suite.ts';
import { batchUnsupported, runBatchTarget } from './batch-target.ts';
import type { runBatchJob } from './job-client.ts';
import { type BatchFlags, batchSettings } from './settings.ts';

export interface RunBatchSuiteOptions extends RunSuiteOptions {
  /** CLI flags over the suite's `batch:` block. */
  batch?: BatchFlags;
  /** Injected in tests. */
  runJob?: typeof runBatchJob;
}

export async function runBatchSuite(opts: RunBatchSuiteOptions): Promise<RunSuiteResult> {
  const { loaded, clients } = opts;
  const suite = loaded.suite;
  const settings = batchSettings(suite.batch, opts.batch ?? {}, clients.backend, loaded.displayPath);
  const batched = suite.targets.filter((t) => !batchUnsupported(t));
  if (batched.length > 0) {
    // with --shard, the shard's cases: each shard's job must hold the minimum
    const { count } = await scanCases(loaded, () => {}, opts.shard);
    const records = count * suite.repeats;
    const small = records < settings.minRecords ? batched[0] : undefined;
    if (small) {
      throw new EvalgateError(
        'USAGE',
        `target "${small.id}" has ${records} records (${count} cases × ${suite.repeats} repeats), fewer than the ` +
          `minimum of ${settings.minRecords} per Bedrock batch inference job; run without --batch, or lower ` +
          "batch.minRecords / --batch-min-records if your account's quota allows",
        loaded.displayPath,
      );
    }
  }
  const batchPrice = suitePricer(suite.prices, clients.backend.region, 'batch');
  return runSuite({
    ...opts,
    backendLabel: `${opts.backendLabel}, batch inference (per-call latency not measured)`,
    targetRunner: (ctx) => {
      const why = batchUnsupported(ctx.spec);
      if (why) {
        ctx.note(`target ${ctx.spec.id} runs on demand: ${why}`);
        return undefined;
      }
      return runBatchTarget(ctx, {
        settings,
        clients,
        batchPrice,
        ...(opts.runJob ? { runJob: opts.runJob } : {}),
      });
    },
  });
}
