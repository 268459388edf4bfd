/**
 * Acceptance (issue 3): with the local backend throttling a large share of the requests, a 200-case run
 * completes with every case stored exactly once, and the throttles are counted in the run record.
 * Two storms: a random half of all requests answered ThrottlingException (`throttleRate: 0.5`), and a server
 * quota well under the runner's offered load (every request above 60/s is answered ThrottlingException).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadSuite } from '../config/index.ts';
import { type FaultConfig, startLocalBackend } from '../local/index.ts';
import { query } from '../store/_fixtures.ts';
import { openStore } from '../store/index.ts';
import { ClientPool } from '../targets/clients.ts';
import { runSuite } from './run-suite.ts';

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Storm {
  faults: FaultConfig;
  /** Extra YAML under the target. */
  targetExtra: string;
}

async function stormRun(storm: Storm) {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-storm-'));
  const rows = Array.from({ length: 200 }, (_, i) =>
    JSON.stringify({ id: `case-${i + 1}`, q: `What is ${i}?` }),
  );
  await writeFile(join(dir, 'cases.jsonl'), `${rows.join('\n')}\n`);
  await writeFile(
    join(dir, 'storm.yaml'),
    `name: storm
datasets: [{ path: cases.jsonl }]
prompt: { version: '1', template: 'Question: {{q}}' }
targets:
  - id: micro
    model: amazon.nova-micro-v1:0
    concurrency: 32
${storm.targetExtra}
scorers: [{ type: latency }]
`,
  );
  const backend = await startLocalBackend({ faults: storm.faults });
  const dbPath = join(dir, 'evalgate.duckdb');
  const store = await openStore(dbPath);
  const clients = new ClientPool({ kind: 'local', endpoint: backend.url, region: 'us-east-1' });
  let runId: string;
  try {
    ({ runId } = await runSuite({
      loaded: await loadSuite(join(dir, 'storm.yaml')),
      store,
      clients,
      backendLabel: 'local (storm)',
    }));
  } finally {
    clients.destroy();
    await store.close();
    await backend.close();
  }
  const stats = backend.stats();
  const [stored] = await query(
    dbPath,
    `SELECT count(*)::INTEGER AS n, count(DISTINCT case_id)::INTEGER AS cases,
            count(*) FILTER (WHERE status = 'ok')::INTEGER AS ok
     FROM case_results WHERE run_id = '${runId}'`,
  );
  const [run] = await query(
    dbPath,
    `SELECT status, counts::VARCHAR AS counts FROM runs WHERE run_id = '${runId}'`,
  );
  return { stats, stored, status: run?.status, counts: JSON.parse(String(run?.counts)) };
}

/**
 * Every case stored exactly once and ok; every throttle the backend answered is in the run record, and each one
 * was retried (none was final): backend requests = cases + throttles.
 */
function expectEveryCaseOnce({ stats, stored, status, counts }: Awaited<ReturnType<typeof stormRun>>): void {
  expect(stored).toEqual({ n: 200, cases: 200, ok: 200 });
  expect(status).toBe('completed');
  expect(counts).toMatchObject({
    calls: 200,
    ok: 200,
    errors: 0,
    throttles: stats.throttled,
    retries: stats.throttled,
  });
  expect(stats.requests).toBe(200 + stats.throttled);
  expect(stats.ok).toBe(200);
}

it('a 200-case run with half of all requests throttled stores every case exactly once and records the throttles', async () => {
  const result = await stormRun({
    faults: { latencyScale: 0, throttleRate: 0.5, seed: 7 },
    targetExtra: '    retry: { maxAttempts: 20, baseDelayMs: 5, maxDelayMs: 100 }',
  });
  expectEveryCaseOnce(result);
  // about half of everything the backend answered was a throttle (binomial, seeded)
  expect(result.stats.throttled / result.stats.requests).toBeGreaterThan(0.4);
  expect(result.stats.throttled / result.stats.requests).toBeLessThan(0.6);
}, 60_000);

it('a 200-case run against a quota far under the offered load stores every case exactly once', async () => {
  // 60 req/s with a burst of 1 against 32 concurrent lanes at zero model latency
  const result = await stormRun({
    faults: { latencyScale: 0, requestsPerSecond: 60, burst: 1 },
    targetExtra: '',
  });
  expectEveryCaseOnce(result);
  expect(result.stats.throttled).toBeGreaterThanOrEqual(10);
}, 30_000);
