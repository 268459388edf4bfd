/**
 * `pnpm bench`: prints figures one per line as `name: value` on stdout (notes go to stderr as `# …`).
 * Not a test: nothing is asserted; targets are printed next to the figures they judge.
 *
 *   pnpm bench                      all parts: micro, quota, throughput, rss, rag, load
 *   pnpm bench quota rss            only those parts
 *   pnpm bench rss --rss-cases 20000   a smaller RSS run (the figure is for 100,000)
 *   pnpm bench quota --quota-burst 5   a stricter quota bucket (default burst = R = 50)
 */
import './_env.ts';
import { parseArgs } from 'node:util';
import { figure, note } from './_util.ts';
import { benchGateSim } from './gate-sim.ts';
import { benchLoadHttp } from './load-http.ts';
import { benchMicro } from './micro.ts';
import { benchMicroPaths } from './micro-paths.ts';
import { benchQuota } from './quota.ts';
import { benchRag } from './rag.ts';
import { benchReport } from './report.ts';
import { benchRss } from './rss.ts';
import { benchThroughput } from './throughput.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'rss-cases': { type: 'string' }, 'quota-burst': { type: 'string' } },
});

const PARTS: Record<string, () => Promise<void>> = {
  micro: async () => {
    await benchMicro();
    await benchMicroPaths();
  },
  quota: async () => {
    const burst = values['quota-burst'] === undefined ? undefined : Number(values['quota-burst']);
    await benchQuota({ cases: 1000, requestsPerSecond: 50, concurrency: 32, burst });
    figure('quota_target_fraction', 0.95);
  },
  throughput: async () => {
    await benchThroughput({ cases: 2000, concurrency: 32 });
    figure('runner_vs_bare_target_ratio', 0.5);
  },
  rss: async () => {
    await benchRss({ cases: Number(values['rss-cases'] ?? 100_000), concurrency: 32 });
    figure('rss_target_mb', 300);
  },
  rag: () => benchRag(),
  report: () => benchReport({ keep: process.env.EVALGATE_BENCH_REPORT_FILE }),
  load: async () => {
    await benchLoadHttp();
    figure('load_http_vs_autocannon_target_ratio', 0.9);
  },
  'gate-sim': () => benchGateSim(),
};

const unknown = positionals.filter((p) => !(p in PARTS));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown bench part(s): ${unknown.join(', ')} (known: ${Object.keys(PARTS).join(', ')})\n`,
  );
  process.exit(2);
}
const chosen = positionals.length > 0 ? positionals : Object.keys(PARTS);
const t0 = performance.now();
for (const name of chosen) {
  const started = performance.now();
  note(`${name}…`);
  await PARTS[name]?.();
  note(`${name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
figure('bench_total_s', (performance.now() - t0) / 1000);
