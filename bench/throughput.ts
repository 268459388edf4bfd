/**
 * Figure 2: evalgate's runner (load, render, call, score, store into a temp DuckDB file) vs a bare SDK loop,
 * 2,000 cases at concurrency 32, zero model latency. The backend runs in its own process, as AWS would be
 * remote, so both figures measure the client side. After one warm-up pass each (JIT, sockets), the two
 * alternate for `rounds` measured passes and the best pass of each is reported: on a shared machine the
 * slower passes measure the neighbours' load, and alternating gives both sides the same chances.
 */
import { join } from 'node:path';
import { startBackendProcess } from './_backend-process.ts';
import { writeBenchSuite } from './_fixtures.ts';
import { runSuiteFile, tallyRun } from './_run.ts';
import { figure, note, withTempDir } from './_util.ts';
import { bareSdkLoop } from './bare-loop.ts';

export interface ThroughputOptions {
  cases?: number;
  concurrency?: number;
  rounds?: number;
}

interface Pass {
  rate: number;
  cpuMsPerCase: number;
  ok: number;
}

function _best(passes: Pass[]): Pass {
  return passes.reduce((a, b) => (b.rate > a.rate ? b : a), { rate: 0, cpuMsPerCase: 0, ok: 0 });
}

export async function benchThroughput(o: ThroughputOptions = {}): Promise<void> {
  const cases = o.cases ?? 2000;
  const concurrency = o.concurrency ?? 32;
  const rounds = o.rounds ?? 3;
  const backend = await startBackendProcess({ latencyScale: 0 });
  try {
    await withTempDir('throughput', async (dir) => {
      const suite = await writeBenchSuite(dir, cases, { name: 'bench-throughput', concurrency });
      const bare = async (): Promise<Pass> => {
        const r = await bareSdkLoop(backend.url, cases, concurrency);
        return { rate: (r.ok / r.ms) * 1000, cpuMsPerCase: r.cpuMs / cases, ok: r.ok };
      };
      let n = 0;
      const runner = async (): Promise<Pass> => {
        const dbPath = join(dir, `run-${n++}.duckdb`);
        const cpu0 = process.cpuUsage();
        const run = await runSuiteFile(suite, dbPath, backend.url);
        const cpu = process.cpuUsage(cpu0);
        const tally = await tallyRun(dbPath, run.runId);
        if (tally.keys !== cases || tally.rows !== cases)
          note(`runner stored ${tally.rows} rows for ${cases}`);
        const cpuMs = (cpu.user + cpu.system) / 1000;
        return { rate: (tally.ok / run.ms) * 1000, cpuMsPerCase: cpuMs / cases, ok: tally.ok };
      };
      await bare(); // warm-up
      await runner(); // warm-up
      const bares: Pass[] = [];
      const runners: Pass[] = [];
      for (let i = 0; i < rounds; i++) {
        bares.push(await bare());
        runners.push(await runner());
      }
      const b = _best(bares);
      const r = _best(runners);
      note(
        `throughput: ${cases} cases, concurrency ${concurrency}, best of ${rounds} alternating passes; ` +
          `runner ${runners.map((p) => p.rate.toFixed(0)).join('/')}, bare ${bares.map((p) => p.rate.toFixed(0)).join('/')} cases/s`,
      );
      figure('runner_cases_per_s', r.rate);
      figure('runner_ok_cases', r.ok);
      figure('runner_cpu_ms_per_case', r.cpuMsPerCase);
      figure('bare_sdk_cases_per_s', b.rate);
      figure('bare_sdk_ok_cases', b.ok);
      figure('bare_sdk_cpu_ms_per_case', b.cpuMsPerCase);
      figure('runner_vs_bare_ratio', r.rate / b.rate);
    });
  } finally {
    await backend.close();
  }
}
