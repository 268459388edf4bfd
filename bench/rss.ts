/**
 * Figure 3: peak RSS of a 100,000-case JSONL run through one fast local model (nova-micro, zero latency),
 * measured in a child process that does nothing else; the backend runs in another process.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundled, childEnv, NODE_FLAGS } from '../bin/launch.mjs';
import { startBackendProcess } from './_backend-process.ts';
import { writeBenchSuite } from './_fixtures.ts';
import { formatSample, type MemSample } from './_rss-timeline.ts';
import { figure, note, withTempDir } from './_util.ts';

const CHILD = fileURLToPath(new URL('./rss-child.ts', import.meta.url));

export interface RssOptions {
  cases?: number;
  concurrency?: number;
}

interface ChildReport {
  maxRssKB: number;
  ms: number;
  ok: number;
  keys: number;
  heapUsed: number;
  heapAfterGc: number;
  external: number;
  rssEnd: number;
  timeline?: MemSample[];
}

const _mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

export async function benchRss(o: RssOptions = {}): Promise<void> {
  const cases = o.cases ?? 100_000;
  const concurrency = o.concurrency ?? 32;
  const backend = await startBackendProcess({ latencyScale: 0 });
  try {
    await withTempDir('rss', async (dir) => {
      const suite = await writeBenchSuite(dir, cases, { name: 'bench-rss', concurrency });
      const t0 = performance.now();
      const progress = setInterval(() => {
        backend
          .stats()
          .then((st) => {
            const s = (performance.now() - t0) / 1000;
            note(`rss: ${st.ok}/${cases} cases after ${s.toFixed(0)} s (${(st.ok / s).toFixed(0)}/s)`);
          })
          .catch(() => {});
      }, 30_000);
      // started as bin/evalgate.mjs starts the CLI: bundled, with its memory settings (bin/launch.mjs)
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--expose-gc', ...NODE_FLAGS, await bundled(CHILD), suite, join(dir, 'rss.duckdb'), backend.url],
        { maxBuffer: 1 << 20, env: childEnv() },
      ).finally(() => clearInterval(progress));
      const report = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ChildReport;
      const mb = report.maxRssKB / 1024;
      note(
        `rss: ${cases} cases at concurrency ${concurrency} in ${(report.ms / 1000).toFixed(1)} s; at the end ` +
          `rss ${_mb(report.rssEnd)}, JS heap ${_mb(report.heapUsed)} (${_mb(report.heapAfterGc)} after GC), ` +
          `external ${_mb(report.external)}`,
      );
      note('rss: memory timeline (phase, results done, MB; peak = the high-water mark so far):');
      for (const x of report.timeline ?? []) note(`rss: ${formatSample(x)}`);
      figure('rss_cases', cases);
      const label = cases === 100_000 ? '100k' : String(cases);
      figure(`rss_peak_mb_${label}_jsonl`, mb);
      figure('rss_run_cases_per_s', (report.ok / report.ms) * 1000);
      figure('rss_run_ok_cases', report.ok);
      figure('rss_run_stored_keys', report.keys);
    });
  } finally {
    await backend.close();
  }
}
