import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type LoadedSuite, loadSuite } from '../config/index.ts';
import { EvalgateError } from '../core/errors.ts';
import { evaluateGate } from '../gate/index.ts';
import type { Verdict } from '../gate/types.ts';
import { type FaultConfig, LOCAL_MODELS, type LocalBackend, startLocalBackend } from '../local/index.ts';
import { writeHtmlReport } from '../report/index.ts';
import type { RunCounts } from '../runner/counts.ts';
import type { ProgressSink } from '../runner/progress.ts';
import { runSuite } from '../runner/run-suite.ts';
import { openStore } from '../store/index.ts';
import { type Backend, describeBackend } from '../targets/backend.ts';
import { ClientPool } from '../targets/clients.ts';
import { discoverSuites } from './discover.ts';

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
}

export interface SuiteOutcome {
  suite: string;
  suiteFile: string;
  runId: string;
  counts: RunCounts;
  verdict?: Verdict;
  reportPath: string;
  verdictPath?: string;
}

export interface EvaluateResult {
  dbPath: string;
  outcomes: SuiteOutcome[];
}

/** Validates every suite first (nothing runs if one is invalid), then runs, gates and reports each. */
export async function evaluateSuites(opts: EvaluateOptions): Promise<EvaluateResult> {
  const log = opts.log ?? (() => {});
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

  const outDir = resolve(opts.outDir);
  const dbPath = resolve(opts.dbPath ?? join(outDir, 'evalgate.duckdb'));
  await mkdir(outDir, { recursive: true });

  let local: LocalBackend | undefined;
  let backend: Backend;
  if (opts.backend === 'local') {
    if (opts.localEndpoint) {
      backend = { kind: 'local', endpoint: opts.localEndpoint, region: opts.region ?? 'us-east-1' };
    } else {
      local = await startLocalBackend({ port: 0, faults: opts.faults });
      backend = { kind: 'local', endpoint: local.url, region: opts.region ?? 'us-east-1' };
    }
  } else {
    backend = { kind: 'aws', region: opts.region, profile: opts.profile };
  }
  log(`backend: ${describeBackend(backend)}`);

  const clients = new ClientPool(backend);
  const store = await openStore(dbPath);
  const outcomes: SuiteOutcome[] = [];
  try {
    for (const suite of loaded) {
      const { runId, counts } = await runSuite({
        loaded: suite,
        store,
        clients,
        backendLabel: describeBackend(backend),
        progress: opts.progress,
      });
      const runDir = join(outDir, runId);
      await mkdir(runDir, { recursive: true });
      let verdict: Verdict | undefined;
      let verdictPath: string | undefined;
      if (suite.suite.gate) {
        verdict = evaluateGate(suite.suite.gate, { runId, summaries: await store.metricSummary(runId) });
        await store.saveVerdict(runId, verdict);
        verdictPath = join(runDir, 'verdict.json');
        await writeFile(verdictPath, `${JSON.stringify(verdict, null, 2)}\n`);
      }
      const reportPath = join(runDir, 'report.html');
      await writeHtmlReport(store, runId, reportPath, { verdict });
      outcomes.push({
        suite: suite.suite.name,
        suiteFile: suite.file,
        runId,
        counts,
        verdict,
        reportPath,
        verdictPath,
      });
    }
  } finally {
    await store.close();
    clients.destroy();
    await local?.close();
  }
  return { dbPath, outcomes };
}
