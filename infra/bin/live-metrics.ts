/**
 * Used by the canary gate job (infra/lib/buildspec.ts):
 *   tsx infra/bin/live-metrics.ts queries        → GetMetricData queries JSON (ENDPOINT_NAME, BASELINE_VARIANT, CANARY_VARIANT)
 *   tsx infra/bin/live-metrics.ts live FILE      → live-metrics JSON of stage STAGE from GetMetricData's answer in FILE
 */
import { readFileSync } from 'node:fs';
import { liveMetrics, metricQueries } from '../lib/live-metrics.ts';

function _env(name: string): string {
  const v = process.env[name];
  if (!v) {
    process.stderr.write(`live-metrics: environment variable ${name} is not set\n`);
    process.exit(2);
  }
  return v;
}

const [command, file] = process.argv.slice(2);
if (command === 'queries') {
  const q = metricQueries({
    endpoint: _env('ENDPOINT_NAME'),
    baseline: _env('BASELINE_VARIANT'),
    canary: _env('CANARY_VARIANT'),
  });
  process.stdout.write(`${JSON.stringify(q)}\n`);
} else if (command === 'live' && file) {
  const stage = Number(_env('STAGE'));
  process.stdout.write(
    `${JSON.stringify(liveMetrics(JSON.parse(readFileSync(file, 'utf8')), stage), null, 2)}\n`,
  );
} else {
  process.stderr.write('usage: live-metrics.ts queries | live FILE\n');
  process.exit(2);
}
