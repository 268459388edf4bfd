/**
 * Figure: the HTTP load generator's throughput against the autocannon CLI. One run against the same local
 * `POST /chat` (the sample app, zero model latency, the backend in its own process): evalgate's HTTP profile
 * (loadtests/chat-api.yaml, its shape replaced by one closed step) and then `autocannon` spawned with the same
 * connections and duration, in A-B-B-A rounds after a warm-up, each side's runs averaged. Target: ratio ≥ 0.9.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runHttpStep } from '../src/load/http-generator.ts';
import { type HttpRequestPlan, planHttpLoad } from '../src/load/http-requests.ts';
import { loadProfile } from '../src/load/profile.ts';
import type { StepSpec } from '../src/load/types.ts';
import { startBackendProcess } from './_backend-process.ts';
import { figure, note } from './_util.ts';

export interface LoadHttpOptions {
  connections?: number;
  seconds?: number;
  /** A-B-B-A rounds (each side runs twice per round). */
  rounds?: number;
}

const PROFILE = fileURLToPath(new URL('../loadtests/chat-api.yaml', import.meta.url));
const AUTOCANNON = fileURLToPath(new URL('../node_modules/.bin/autocannon', import.meta.url));

function _step(connections: number, seconds: number): StepSpec {
  return {
    label: `c=${connections}`,
    mode: 'closed',
    concurrency: connections,
    durationMs: seconds * 1000,
    maxRequests: 100_000_000,
  };
}

async function _evalgateRps(plan: HttpRequestPlan, connections: number, seconds: number): Promise<number> {
  const r = await runHttpStep(plan, _step(connections, seconds));
  if (r.ok !== r.requests)
    note(`evalgate: ${r.requests - r.ok} failed requests ${JSON.stringify(r.errorsByClass)}`);
  return (r.requests / r.elapsedMs) * 1000;
}

/** Spawn the autocannon CLI (`--json`) and read its completed requests per second. */
function _cliRps(plan: HttpRequestPlan, connections: number, seconds: number): Promise<number> {
  const headers = Object.entries(plan.headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const body = plan.bodies[0] === undefined ? [] : ['-b', plan.bodies[0]];
  const args = ['-c', String(connections), '-d', String(seconds), '-m', plan.method, ...headers, ...body];
  const child = spawn(AUTOCANNON, [...args, '--json', plan.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`autocannon exited ${code}: ${err.trim().split('\n')[0] ?? ''}`));
        return;
      }
      const json = JSON.parse(out) as { requests: { total: number }; duration: number; non2xx: number };
      if (json.non2xx > 0) note(`autocannon CLI: ${json.non2xx} non-2xx responses`);
      resolve(json.requests.total / json.duration);
    });
  });
}

export async function benchLoadHttp(options: LoadHttpOptions = {}): Promise<void> {
  const connections = options.connections ?? 32;
  const seconds = options.seconds ?? 3;
  const rounds = options.rounds ?? 2;
  const backend = await startBackendProcess({ latencyScale: 0 });
  try {
    const loaded = await loadProfile(PROFILE);
    const plan = await planHttpLoad(loaded, { localBaseUrl: backend.url });
    note(
      `load-http: ${plan.url}, ${connections} connections, ${seconds} s each, ${plan.bodies.length} bodies`,
    );
    // The backend keeps warming up (JIT) for seconds and a shared machine is noisy: warm up, then measure in
    // A-B-B-A rounds so a drift in the backend's speed weighs on both sides alike; average each side's runs.
    await _evalgateRps(plan, connections, 3);
    const ours: number[] = [];
    const cli: number[] = [];
    for (let round = 0; round < rounds; round++) {
      ours.push(await _evalgateRps(plan, connections, seconds));
      cli.push(await _cliRps(plan, connections, seconds));
      cli.push(await _cliRps(plan, connections, seconds));
      ours.push(await _evalgateRps(plan, connections, seconds));
    }
    const show = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(', ');
    note(`load-http: evalgate ${show(ours)} req/s; autocannon CLI ${show(cli)} req/s`);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const oursRps = mean(ours);
    const cliRps = mean(cli);
    figure('load_http_rps', oursRps);
    figure('autocannon_cli_rps', cliRps);
    figure('load_http_vs_autocannon_ratio', oursRps / cliRps);
    figure('load_http_vs_autocannon_target_ratio', 0.9);
  } finally {
    await backend.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchLoadHttp();
