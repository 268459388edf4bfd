/**
 * Retries against the real local backend through the real runner (runSuite → SDK client → HTTP/2 → backend):
 * each retryable fault is retried up to maxAttempts and then stored with its class; a burst that clears ends
 * ok; non-retryable errors are tried once; and a throttle storm loses no case.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../config/index.ts';
import { type FaultConfig, type LocalBackend, startLocalBackend } from '../local/index.ts';
import { openStore, type StoredCaseResult } from '../store/index.ts';
import { ClientPool } from '../targets/clients.ts';
import { runSuite } from './run-suite.ts';

let backend: LocalBackend;
let dir: string;
let seq = 0;

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  dir = await mkdtemp(join(tmpdir(), 'evalgate-retry-'));
});
afterAll(async () => {
  await backend.close();
  await rm(dir, { recursive: true, force: true });
});

interface Scenario {
  rows: number;
  faults: FaultConfig;
  /** YAML of the one target (indented as a list item's fields). */
  target: string;
  /** Called with the backend once the run has started (e.g. to clear a fault after N requests). */
  during?: (backend: LocalBackend) => () => void;
}

async function runScenario(s: Scenario) {
  const name = `s${++seq}`;
  const data = Array.from({ length: s.rows }, (_, i) =>
    JSON.stringify({ id: `c${i + 1}`, q: `What is ${i + 1}?` }),
  );
  await writeFile(join(dir, `${name}.jsonl`), `${data.join('\n')}\n`);
  const suiteFile = join(dir, `${name}.yaml`);
  await writeFile(
    suiteFile,
    `name: ${name}
datasets: [{ path: ${name}.jsonl }]
prompt: { version: '1', template: 'Question: {{q}}' }
targets:
  - id: t
${s.target}
scorers: [{ type: latency }]
`,
  );
  const loaded = await loadSuite(suiteFile);
  const dbPath = join(dir, `${name}.duckdb`);
  const store = await openStore(dbPath);
  const clients = new ClientPool({ kind: 'local', endpoint: backend.url, region: 'us-east-1' });
  backend.setFaults({ latencyScale: 0, ...s.faults });
  backend.resetStats();
  const stop = s.during?.(backend);
  try {
    const { runId, counts } = await runSuite({ loaded, store, clients, backendLabel: 'local (test)' });
    const results = await store.listResults(runId);
    const run = await store.getRun(runId);
    return { runId, counts, results, run, stats: backend.stats(), dbPath };
  } finally {
    stop?.();
    clients.destroy();
    await store.close();
  }
}

const byClass = (results: StoredCaseResult[]) => {
  const out: Record<string, number> = {};
  for (const r of results) out[r.errorClass ?? 'ok'] = (out[r.errorClass ?? 'ok'] ?? 0) + 1;
  return out;
};

const FAST_RETRY = '    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4 }';

describe('retries against the local backend', () => {
  it('a 5xx burst (errorRate 1): 3 attempts each, then stored as errors with their 5xx class', async () => {
    const { counts, results, stats } = await runScenario({
      rows: 6,
      faults: { errorRate: 1 },
      target: `    model: amazon.nova-micro-v1:0\n    concurrency: 2\n${FAST_RETRY}`,
    });
    expect(results).toHaveLength(6);
    expect(results.every((r) => r.status === 'error' && r.attempts === 3)).toBe(true);
    expect(
      results.every((r) => /^(InternalServerException|ServiceUnavailableException)$/.test(r.errorClass!)),
    ).toBe(true);
    expect(stats.requests).toBe(18);
    expect(counts).toMatchObject({ calls: 6, ok: 0, errors: 6, retries: 12, throttles: 0 });
    expect(Object.values(counts.errorsByClass).reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('model timeouts (timeoutRate 1): retried, then stored as ModelTimeoutException', async () => {
    const { counts, results, stats } = await runScenario({
      rows: 4,
      faults: { timeoutRate: 1, timeoutDelayMs: 2 },
      target: `    model: amazon.nova-micro-v1:0\n${FAST_RETRY}`,
    });
    expect(byClass(results)).toEqual({ ModelTimeoutException: 4 });
    expect(results.map((r) => r.attempts)).toEqual([3, 3, 3, 3]);
    expect(stats.requests).toBe(12);
    expect(counts.errorsByClass).toEqual({ ModelTimeoutException: 4 });
  });

  it('our own per-attempt timeout (timeoutMs 40 vs 400 ms latency): retried, then stored as Timeout', async () => {
    const { results, stats } = await runScenario({
      rows: 2,
      faults: { latency: { kind: 'fixed', ms: 400 } },
      target: `    model: amazon.nova-micro-v1:0\n    timeoutMs: 40\n    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }`,
    });
    expect(byClass(results)).toEqual({ Timeout: 2 });
    expect(results.map((r) => r.attempts)).toEqual([2, 2]);
    expect(results[0]?.errorMessage).toBe('no response within timeoutMs 40');
    expect(stats.requests).toBe(4);
  });

  it('stream cuts on converse-stream (connection reset and modelStreamErrorException): retried, then stored', async () => {
    const target = `    model: amazon.nova-micro-v1:0\n    api: converse-stream\n${FAST_RETRY}`;
    const reset = await runScenario({
      rows: 3,
      faults: { streamCutRate: 1, streamCutAfterEvents: 1 },
      target,
    });
    expect(byClass(reset.results)).toEqual({ ERR_HTTP2_STREAM_ERROR: 3 });
    expect(reset.results.map((r) => r.attempts)).toEqual([3, 3, 3]);
    expect(reset.stats.streamCuts).toBe(9);
    const exception = await runScenario({
      rows: 3,
      faults: { streamCutRate: 1, streamCutMode: 'exception' },
      target,
    });
    expect(byClass(exception.results)).toEqual({ ModelStreamErrorException: 3 });
    expect(exception.results.map((r) => r.attempts)).toEqual([3, 3, 3]);
  });

  it('a 5xx burst that clears after 10 requests: every case ends ok, each retry is one more request', async () => {
    const { counts, results, stats } = await runScenario({
      rows: 8,
      faults: { errorRate: 1 },
      target: `    model: amazon.nova-micro-v1:0\n    concurrency: 2\n    retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 20 }`,
      during: (b) => {
        const timer = setInterval(() => {
          if (b.stats().requests >= 10) b.setFaults({ latencyScale: 0, errorRate: 0 });
        }, 1);
        return () => clearInterval(timer);
      },
    });
    expect(byClass(results)).toEqual({ ok: 8 });
    const failed = Object.values(stats.errors).reduce((a, b) => a + b, 0);
    expect(failed).toBeGreaterThanOrEqual(10);
    expect(counts.retries).toBe(failed); // every failed request was retried, none was final
    expect(stats.requests).toBe(8 + counts.retries);
    expect(stats.ok).toBe(8);
  });

  it('does not retry a non-retryable error (model unknown to the backend → ResourceNotFoundException): 1 attempt', async () => {
    const { counts, results, stats } = await runScenario({
      rows: 3,
      faults: {},
      target: `    model: amazon.titan-text-express-v1\n${FAST_RETRY}`,
    });
    expect(byClass(results)).toEqual({ ResourceNotFoundException: 3 });
    expect(results.map((r) => r.attempts)).toEqual([1, 1, 1]);
    expect(stats.requests).toBe(3);
    expect(counts.retries).toBe(0);
  });
});
