import { relative } from 'node:path';
import { defineCommand } from 'citty';
import type { CacheMode } from '../../cache/index.ts';
import { EvalgateError } from '../../core/errors.ts';
import { verdictExitCode } from '../../gate/exit-code.ts';
import {
  dryRunSuites,
  type EvaluateOptions,
  evaluateSuites,
  type SuiteOutcome,
} from '../../pipeline/evaluate.ts';
import { parseShard } from '../../plan/shard.ts';
import { consoleProgress } from '../../runner/progress.ts';
import { EXIT, guard } from '../fail.ts';
import { parseFaultsArg } from '../faults-arg.ts';
import { formatDryRun } from '../print-plan.ts';
import { backendArgs } from './backend-args.ts';
import { batchArgs, batchOption } from './batch-args.ts';

export const runCommand = defineCommand({
  meta: {
    name: 'run',
    description: 'Run suites (files or folders), store results, gate and report each run',
  },
  args: {
    suites: { type: 'positional', description: 'suite files or folders (default: suites)', required: false },
    ...backendArgs,
    out: { type: 'string', default: 'out', description: 'output folder (DuckDB file, one folder per run)' },
    db: { type: 'string', description: 'DuckDB file (default: <out>/evalgate.duckdb)' },
    faults: { type: 'string', description: 'local backend fault injection: JSON or a JSON file' },
    resume: {
      type: 'string',
      description: 'continue this run id (or `latest`): only missing and errored calls are sent',
    },
    'dry-run': {
      type: 'boolean',
      default: false,
      description:
        'validate, render every request and print calls, tokens, cost and cache hits; call nothing',
    },
    cache: {
      type: 'boolean',
      default: true,
      description: 'reuse cached responses (same model, region, rendered request and repeat)',
      negativeDescription: 'neither read nor write the response cache',
    },
    'refresh-cache': {
      type: 'boolean',
      default: false,
      description: 'call the model for every request and overwrite the cached responses',
    },
    ...batchArgs,
    shard: {
      type: 'string',
      description:
        'run only shard i of n of the cases (by a hash of the case id), e.g. 2/4; merge with `evalgate merge`',
    },
    emf: {
      type: 'string',
      description:
        'append CloudWatch Embedded Metric Format lines (means, pass rates, p99, error rate per target) to FILE (`-`: stdout)',
    },
    'exit-zero': {
      type: 'boolean',
      default: false,
      description: 'exit 0 whenever the run worked, whatever the gate',
    },
  },
  run: ({ args }) =>
    guard(async () => {
      const paths = args._.length > 0 ? args._ : ['suites'];
      if (args.resume === '') throw new EvalgateError('USAGE', '--resume needs a run id or `latest`');
      const options: EvaluateOptions = {
        paths,
        backend: args.backend as 'local' | 'aws',
        region: args.region,
        profile: args.profile,
        outDir: args.out,
        dbPath: args.db,
        faults: parseFaultsArg(args.faults),
        localEndpoint: args.endpoint,
        progress: consoleProgress(),
        log: (line) => process.stderr.write(`${line}\n`),
        cache: _cacheMode(args.cache, args['refresh-cache']),
        ...(args.resume ? { resume: args.resume } : {}),
        ...(args.emf ? { emf: args.emf } : {}),
        ...(args.shard ? { shard: parseShard(args.shard) } : {}),
        ...batchOption(args),
      };
      if (args['dry-run']) {
        process.stdout.write(formatDryRun(await dryRunSuites(options)));
        return EXIT.ok;
      }
      const result = await evaluateSuites(options);
      for (const outcome of result.outcomes) printOutcome(outcome);
      process.stdout.write(`\nDuckDB:  ${rel(result.dbPath)}\n`);
      for (const o of result.outcomes) {
        process.stdout.write(`Report:  ${rel(o.reportPath)}\n`);
        if (o.verdictPath) process.stdout.write(`Verdict: ${rel(o.verdictPath)} (${o.verdict?.decision})\n`);
        process.stdout.write(`JUnit:   ${rel(o.junitPath)}\nSummary: ${rel(o.summaryPath)}\n`);
      }
      if (args['exit-zero']) return EXIT.ok;
      return Math.max(
        EXIT.ok,
        ...result.outcomes.map((o) => (o.verdict ? verdictExitCode(o.verdict) : EXIT.ok)),
      );
    }),
});

function _cacheMode(cache: boolean, refresh: boolean): CacheMode {
  if (!cache && refresh) throw new EvalgateError('USAGE', 'give --no-cache or --refresh-cache, not both');
  return refresh ? 'refresh' : cache ? 'use' : 'off';
}

function printOutcome(o: SuiteOutcome): void {
  const c = o.counts;
  const errors = Object.entries(c.errorsByClass)
    .map(([cls, n]) => `${cls} ${n}`)
    .join(', ');
  const extras = [
    o.cacheHits ? `${o.cacheHits} from cache` : '',
    o.resumed ? `resumed: ${o.resumed.done} already stored` : '',
    o.resumed && Object.keys(o.resumed.retriedErrors).length > 0
      ? `retried ${Object.values(o.resumed.retriedErrors).reduce((a, b) => a + b, 0)} earlier errors`
      : '',
  ].filter(Boolean);
  process.stdout.write(
    `\n${o.suite} — run ${o.runId}: ${c.cases} cases, ${c.calls} calls, ${c.ok} ok, ${c.errors} errors` +
      `${errors ? ` (${errors})` : ''}${c.badRows ? `, ${c.badRows} bad dataset rows skipped` : ''}` +
      `${extras.length ? `; ${extras.join(', ')}` : ''}\n`,
  );
  if (!o.verdict) return;
  process.stdout.write(`gate: ${o.verdict.decision.toUpperCase()} — ${o.verdict.summary}\n`);
  for (const rule of o.verdict.rules)
    process.stdout.write(`  ${rule.pass ? 'PASS' : 'FAIL'} ${rule.message}\n`);
}

function rel(path: string): string {
  const r = relative(process.cwd(), path);
  return r.startsWith('..') ? path : r;
}
