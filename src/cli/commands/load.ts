import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { defineCommand } from 'citty';
import { verdictExitCode } from '../../gate/exit-code.ts';
import type { Verdict } from '../../gate/index.ts';
import { fmt } from '../../gate/index.ts';
import { evaluateLoadGate } from '../../load/gate.ts';
import { loadProfile } from '../../load/profile.ts';
import { fromLoadRunRecord, toLoadRunRecord } from '../../load/record.ts';
import { expandSteps } from '../../load/steps.ts';
import { type StepSummary, summarizeLoadRun, summarizeStep } from '../../load/summary.ts';
import type { LoadRunResult } from '../../load/types.ts';
import { writeLoadReport } from '../../report/load.ts';
import { type LoadRunRecord, openStore } from '../../store/index.ts';
import { EXIT, guard } from '../fail.ts';
import { parseFaultsArg } from '../faults-arg.ts';
import { backendArgs } from './backend-args.ts';
import { resolveLoadRun } from './load-gate-args.ts';
import { prepareLoad } from './load-run.ts';

export const loadCommand = defineCommand({
  meta: {
    name: 'load',
    description: 'Run a load profile (loadtests/*.yaml); store, report and gate it (exit 0 / 1 / 2)',
  },
  args: {
    file: { type: 'positional', description: 'load profile file', required: true },
    ...backendArgs,
    out: { type: 'string', default: 'out', description: 'output folder (DuckDB file, one folder per run)' },
    db: { type: 'string', description: 'DuckDB file (default: <out>/evalgate.duckdb)' },
    baseline: {
      type: 'string',
      description: 'baseline load run for maxRatioToBaseline rules: an id, latest, or promoted',
    },
    faults: { type: 'string', description: 'local backend fault injection: JSON or a JSON file' },
  },
  run: ({ args }) =>
    guard(async () => {
      const log = (line: string) => process.stderr.write(`${line}\n`);
      // Everything that can be wrong is checked before any traffic: profile, store, baseline, target.
      const loaded = await loadProfile(args.file);
      const { profile } = loaded;
      const steps = expandSteps(profile);
      const outDir = resolve(args.out);
      const store = await openStore(resolve(args.db ?? join(outDir, 'evalgate.duckdb')));
      try {
        const baseline = await _baseline(store, args.baseline, profile.name, log);
        const prepared = await prepareLoad(loaded, {
          backend: args.backend as 'local' | 'aws',
          ...(args.region ? { region: args.region } : {}),
          ...(args.profile ? { profile: args.profile } : {}),
          ...(args.endpoint ? { localEndpoint: args.endpoint } : {}),
          ...(args.faults ? { faults: parseFaultsArg(args.faults) } : {}),
        });
        const startedAt = new Date();
        const runId = newLoadRunId(profile.name, startedAt);
        log(`load ${profile.name} (run ${runId}): ${steps.length} steps → ${prepared.target.id}`);
        let results: LoadRunResult['steps'];
        try {
          results = await prepared.run(steps, (r) => log(`  ${formatStepLine(summarizeStep(r))}`));
        } finally {
          await prepared.close();
        }
        const run: LoadRunResult = {
          runId,
          profileName: profile.name,
          profileFile: loaded.displayPath,
          target: prepared.target,
          ...(profile.slo ? { sloP99Ms: profile.slo.p99Ms } : {}),
          startedAt,
          finishedAt: new Date(),
          steps: results,
        };
        const summary = summarizeLoadRun(run);
        const record = toLoadRunRecord(run, {
          backend: args.backend,
          summary,
          ...(profile.gate ? { gateRules: profile.gate } : {}),
        });
        await store.saveLoadRun(record);
        const verdict = profile.gate
          ? evaluateLoadGate(profile.gate, {
              runId,
              candidate: profile.name,
              summary,
              ...(baseline
                ? {
                    baseline: {
                      runId: baseline.runId,
                      summary: summarizeLoadRun(fromLoadRunRecord(baseline)),
                    },
                  }
                : {}),
            })
          : undefined;
        const runDir = join(outDir, runId);
        await mkdir(runDir, { recursive: true });
        if (verdict) {
          await store.saveVerdict(runId, verdict);
          await writeFile(join(runDir, 'verdict.json'), `${JSON.stringify(verdict, null, 2)}\n`);
        }
        const reportPath = await writeLoadReport(record, join(runDir, 'load-report.html'), {
          ...(verdict ? { verdict } : {}),
        });
        _printOutcome(record, summary.knee?.label, verdict, store.file, reportPath);
        return verdict ? verdictExitCode(verdict) : EXIT.ok;
      } finally {
        await store.close();
      }
    }),
});

export function newLoadRunId(profileName: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `load-${profileName}-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** One progress line per finished step. */
export function formatStepLine(s: StepSummary): string {
  const ms = (x: number | null) => (x === null ? '–' : `${fmt(Math.round(x * 10) / 10)} ms`);
  const classes = Object.entries(s.errorsByClass)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const tokens = s.outputTokensPerSec > 0 ? `, ${fmt(Math.round(s.outputTokensPerSec))} tok/s` : '';
  const ttft = s.ttft ? `, ttft p50 ${ms(s.ttft.p50)}` : '';
  return (
    `${s.label}: ${s.requests} req, ${fmt(Math.round(s.okPerSec * 10) / 10)} ok/s${tokens}, ` +
    `p50 ${ms(s.latency.p50)}, p99 ${ms(s.latency.p99)}${ttft}, ` +
    `errors ${(s.errorRate * 100).toFixed(1)}%${classes ? ` (${classes})` : ''}`
  );
}

async function _baseline(
  store: Awaited<ReturnType<typeof openStore>>,
  arg: string | undefined,
  profileName: string,
  log: (line: string) => void,
): Promise<LoadRunRecord | undefined> {
  if (!arg) return undefined;
  if (arg !== 'latest' && arg !== 'promoted') return resolveLoadRun(store, arg);
  const rec = await store.latestLoadRun(profileName, { promotedOnly: arg === 'promoted' });
  if (!rec) log(`no ${arg === 'promoted' ? 'promoted ' : ''}load run of ${profileName} yet: no baseline`);
  return rec;
}

function _printOutcome(
  rec: LoadRunRecord,
  knee: string | undefined,
  verdict: Verdict | undefined,
  dbFile: string,
  reportPath: string,
): void {
  const rel = (p: string) => relative(process.cwd(), p) || p;
  const w = (s: string) => process.stdout.write(`${s}\n`);
  w(
    `\n${rec.profileName} — load run ${rec.runId}: ${rec.requests} requests, ${rec.ok} ok, ` +
      `error rate ${(rec.errorRate * 100).toFixed(2)}%, p99 ${rec.p99Ms === null ? '–' : `${fmt(rec.p99Ms)} ms`}`,
  );
  w(
    rec.sloP99Ms === undefined
      ? 'knee: no SLO in the profile'
      : `knee: ${knee ?? 'none'} (SLO p99 ≤ ${fmt(rec.sloP99Ms)} ms)`,
  );
  if (verdict) {
    w(`gate: ${verdict.decision.toUpperCase()} — ${verdict.summary}`);
    for (const r of verdict.rules) w(`  ${r.pass ? 'PASS' : 'FAIL'} ${r.message}`);
  } else w('gate: the profile has no gate rules');
  w(`DuckDB:  ${rel(dbFile)}`);
  w(`Report:  ${rel(reportPath)}`);
}
