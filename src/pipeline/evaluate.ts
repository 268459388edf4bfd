import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type BatchFlags, batchBackendOptions, runBatchSuite } from '../batch/index.ts';
import type { CacheMode } from '../cache/index.ts';
import { type LoadedSuite, loadSuite } from '../config/index.ts';
import { EvalgateError } from '../core/errors.ts';
import type { Verdict } from '../gate/types.ts';
import { type FaultConfig, LOCAL_MODELS } from '../local/index.ts';
import { estimateSuite, type SuitePlanEstimate } from '../plan/dry-run.ts';
import { prepareResumePreview, resolveResumeRunId } from '../plan/resume.ts';
import type { Shard } from '../plan/shard.ts';
import { writeHtmlReport, writeReport } from '../report/index.ts';
import type { RunCounts } from '../runner/counts.ts';
import type { ProgressSink } from '../runner/progress.ts';
import { type RunSuiteOptions, runSuite } from '../runner/run-suite.ts';
import { type DuckDbStore, openStore } from '../store/index.ts';
import { type Backend, describeBackend } from '../targets/backend.ts';
import { ClientPool } from '../targets/clients.ts';
import { openBackend } from './backend.ts';
import { discoverSuites } from './discover.ts';
import { writeEmf } from './emf-out.ts';
import { qualityVerdict } from './quality-verdict.ts';

export interface EvaluateOptions {
  /** Suite files or folders of suites. */
  paths: readonly string[];
  backend: 'local' | 'aws';
  region?: string;
  profile?: string;
  /** Output folder: the DuckDB file (unless `dbPath`) and one folder per run with report.html + verdict.json. */
  outDir: string;
  dbPath?: string;
  /** Fault injection for the in-process local backend. */
  faults?: FaultConfig;
  /** An already running local backend to use instead of starting one (e.g. `evalgate local`). */
  localEndpoint?: string;
  progress?: ProgressSink;
  log?: (line: string) => void;
  /** Resume this run id (or `latest` of the suite); needs exactly one suite. */
  resume?: string;
  /** Response cache mode (default `use`). */
  cache?: CacheMode;
  /** File the Markdown summary of each run is appended to; default `$GITHUB_STEP_SUMMARY` when set. */
  stepSummary?: string;
  /** CloudWatch EMF lines of each run are appended to this file (`-`: standard output); see src/metrics/emf.ts. */
  emf?: string;
  /** Run Bedrock model targets through batch inference (src/batch; `--batch`): CLI flags over suite `batch:`. */
  batch?: BatchFlags;
  /** Run only this shard of each suite's cases (`--shard i/n`); merge the shard stores with `evalgate merge`. */
  shard?: Shard;
}

export interface SuiteOutcome {
  suite: string;
  suiteFile: string;
  runId: string;
  counts: RunCounts;
  /** Results of this session served from the response cache. */
  cacheHits: number;
  /** Set when the run was resumed: keys stored before, error rows retried. */
  resumed?: { done: number; retriedErrors: Record<string, number> };
  verdict?: Verdict;
  reportPath: string;
  /** JUnit XML (one test case per case × gated metric) next to the report. */
  junitPath: string;
  /** Markdown summary next to the report (also appended to the step summary file). */
  summaryPath: string;
  verdictPath?: string;
}

export interface EvaluateResult {
  dbPath: string;
  outcomes: SuiteOutcome[];
}

/** Validates every suite first (nothing runs if one is invalid), then runs, gates and reports each. */
export async function evaluateSuites(opts: EvaluateOptions): Promise<EvaluateResult> {
  const log = opts.log ?? (() => {});
  const loaded = await _loadSuites(opts, log);
  const outDir = resolve(opts.outDir);
  const dbPath = resolve(opts.dbPath ?? join(outDir, 'evalgate.duckdb'));
  await mkdir(outDir, { recursive: true });

  const opened = await openBackend({ ...opts, ...batchBackendOptions(opts.batch, loaded) });
  const backend = opened.backend;
  log(`backend: ${describeBackend(backend)}`);

  const clients = new ClientPool(backend);
  const outcomes: SuiteOutcome[] = [];
  let store: DuckDbStore | undefined;
  try {
    store = await openStore(dbPath);
    for (const suite of loaded) {
      const resumeId = opts.resume && (await resolveResumeRunId(store, opts.resume, suite.suite.name));
      const run = opts.batch ? (o: RunSuiteOptions) => runBatchSuite({ ...o, batch: opts.batch }) : runSuite;
      const { runId, counts, cacheHits, resumed } = await run({
        loaded: suite,
        store,
        clients,
        backendLabel: describeBackend(backend),
        progress: opts.progress,
        ...(resumeId ? { runId: resumeId, resume: true } : {}),
        cache: opts.cache ?? 'use',
        ...(opts.shard ? { shard: opts.shard } : {}),
      });
      const runDir = join(outDir, runId);
      await mkdir(runDir, { recursive: true });
      let verdict: Verdict | undefined;
      let verdictPath: string | undefined;
      if (suite.suite.gate) {
        // pairs the cases when a rule is non-inferiority (a baseline target of the same run); seed 1 as the gate's
        verdict = await qualityVerdict(store, runId, suite.suite.gate, undefined, 1);
        await store.saveVerdict(runId, verdict);
        verdictPath = join(runDir, 'verdict.json');
        await writeFile(verdictPath, `${JSON.stringify(verdict, null, 2)}\n`);
      }
      const reportPath = join(runDir, 'report.html');
      await writeHtmlReport(store, runId, reportPath, { verdict });
      const junitPath = await writeReport('junit', store, runId, join(runDir, 'junit.xml'), { verdict });
      const summaryPath = await writeReport('markdown', store, runId, join(runDir, 'summary.md'), {
        verdict,
      });
      if (opts.emf)
        await writeEmf(store, opts.emf, { suite: suite.suite.name, runId, decision: verdict?.decision });
      const stepSummary = opts.stepSummary ?? process.env.GITHUB_STEP_SUMMARY;
      if (stepSummary) await appendFile(stepSummary, `${await readFile(summaryPath, 'utf8')}\n`);
      outcomes.push({
        suite: suite.suite.name,
        suiteFile: suite.file,
        runId,
        counts,
        cacheHits,
        ...(resumed ? { resumed } : {}),
        verdict,
        reportPath,
        junitPath,
        summaryPath,
        verdictPath,
      });
    }
  } finally {
    await store?.close();
    clients.destroy();
    await opened.close();
  }
  return { dbPath, outcomes };
}

export interface DryRunResult {
  /** The DuckDB file looked at for cache hits and the resumed run (it is not created when missing). */
  dbPath: string;
  suites: SuitePlanEstimate[];
}

/**
 * `--dry-run`: loads and validates every suite, renders every request and estimates calls, tokens, cost and
 * cache hits per target. Makes no model call, starts no backend, writes no run record.
 */
export async function dryRunSuites(opts: EvaluateOptions): Promise<DryRunResult> {
  const log = opts.log ?? (() => {});
  const loaded = await _loadSuites(opts, log);
  const dbPath = resolve(opts.dbPath ?? join(resolve(opts.outDir), 'evalgate.duckdb'));
  const backend: Backend =
    opts.backend === 'local'
      ? {
          kind: 'local',
          endpoint: opts.localEndpoint ?? 'http://127.0.0.1:0',
          region: opts.region ?? 'us-east-1',
        }
      : { kind: 'aws', region: opts.region, profile: opts.profile };
  const clients = new ClientPool(backend); // builds targets; never sends
  const store = existsSync(dbPath) ? await openStore(dbPath) : undefined;
  const suites: SuitePlanEstimate[] = [];
  try {
    for (const suite of loaded) {
      let resume: { runId: string; done: Set<string> } | undefined;
      if (opts.resume) {
        if (!store) throw new EvalgateError('USAGE', `--resume ${opts.resume}: no DuckDB file at ${dbPath}`);
        const runId = await resolveResumeRunId(store, opts.resume, suite.suite.name);
        resume = { runId, done: await prepareResumePreview(store, runId, _resumeSuite(suite)) };
      }
      suites.push(
        await estimateSuite(suite, {
          clients,
          backend,
          cache: opts.cache ?? 'use',
          ...(store ? { cachedKeys: (keys: string[]) => store.cachedKeys(keys) } : {}),
          ...(resume ? { done: resume.done, resumeRunId: resume.runId } : {}),
        }),
      );
    }
  } finally {
    await store?.close();
    clients.destroy();
  }
  return { dbPath, suites };
}

function _resumeSuite(s: LoadedSuite) {
  return { name: s.suite.name, hash: s.hash, displayPath: s.displayPath };
}

/** Loads and validates every suite (one problem: its own error; several: each logged, then one error). */
async function _loadSuites(opts: EvaluateOptions, log: (line: string) => void): Promise<LoadedSuite[]> {
  const files = await discoverSuites(opts.paths);
  const knownModels = opts.backend === 'local' ? new Set(LOCAL_MODELS.map((m) => m.id)) : undefined;
  const loaded: LoadedSuite[] = [];
  const problems: EvalgateError[] = [];
  for (const file of files) {
    try {
      loaded.push(await loadSuite(file, { knownModels }));
    } catch (err) {
      if (!(err instanceof EvalgateError)) throw err;
      problems.push(err);
    }
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    for (const problem of problems) log(problem.message);
    throw new EvalgateError(problems[0]!.code, `${problems.length} invalid suites (above), nothing ran`);
  }

  if (opts.resume && loaded.length !== 1) {
    throw new EvalgateError(
      'USAGE',
      `--resume needs exactly one suite file (got ${loaded.length}: ${loaded.map((s) => s.displayPath).join(', ')})`,
    );
  }
  return loaded;
}
