/** The response cache through the real runner, SDK client and local backend. */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBackend, startLocalBackend } from '../local/index.ts';
import { runFixture, tempDir, writeFixtureSuite } from '../plan/_test-fixtures.ts';
import { type DuckDbStore, openStore } from '../store/index.ts';

let backend: LocalBackend;
let store: DuckDbStore | undefined;

beforeAll(async () => {
  backend = await startLocalBackend({ port: 0, faults: { latencyScale: 0 } });
});
afterAll(async () => {
  await backend.close();
});
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function fresh(): Promise<{ dir: string; store: DuckDbStore }> {
  const dir = await tempDir('evalgate-cache-');
  store = await openStore(join(dir, 'evalgate.duckdb'));
  backend.resetStats();
  return { dir, store };
}

describe('response cache', () => {
  it('a second run of the same suite sends nothing: every result is served, marked, scored and stored', async () => {
    const { dir, store } = await fresh();
    const file = await writeFixtureSuite(dir, { rows: 5 });
    const first = await runFixture(file, store, backend);
    expect(backend.stats().requests).toBe(5);
    expect(first.cacheHits).toBe(0);

    backend.resetStats();
    const second = await runFixture(file, store, backend);
    expect(backend.stats().requests).toBe(0);
    expect(second.cacheHits).toBe(5);
    expect(second.counts).toMatchObject({ calls: 5, ok: 5, errors: 0 });
    expect((await store.getRun(second.runId))?.counts).toMatchObject({ calls: 5, ok: 5, cacheHits: 5 });

    const before = await store.listResults(first.runId);
    const after = await store.listResults(second.runId);
    expect(after).toHaveLength(5);
    for (const [i, r] of after.entries()) {
      expect(r.outputText).toBe(before[i]?.outputText);
      expect(r.inputTokens).toBe(before[i]?.inputTokens);
      expect(r.raw).toMatchObject({ cached: true, cachedFromRun: first.runId });
      expect(before[i]?.raw).not.toHaveProperty('cached');
    }
    const scores = (run: string) =>
      store.listScores(run).then((s) => s.map((x) => `${x.caseId}:${x.metric}=${x.value}`));
    expect(await scores(second.runId)).toEqual(await scores(first.runId));
  });

  it('repeats are independent samples: 1 case × 3 repeats = 3 calls and 3 entries, then 0 calls', async () => {
    const { dir, store } = await fresh();
    const file = await writeFixtureSuite(dir, { rows: 1, repeats: 3 });
    await runFixture(file, store, backend);
    expect(backend.stats().requests).toBe(3);
    const scope = { backend: 'local', kind: 'bedrock-converse', modelId: 'amazon.nova-micro-v1:0' };
    expect(await store.cacheEntryCount(scope)).toBe(3);
    backend.resetStats();
    const again = await runFixture(file, store, backend);
    expect(backend.stats().requests).toBe(0);
    expect(again.cacheHits).toBe(3);
  });

  it('a changed prompt is a miss; unchanged cases of a bigger dataset are hits', async () => {
    const { dir, store } = await fresh();
    await runFixture(await writeFixtureSuite(dir, { rows: 3 }), store, backend);
    backend.resetStats();
    const changed = await writeFixtureSuite(dir, { rows: 3, template: 'Q: {{question}}', file: 'b.yaml' });
    const miss = await runFixture(changed, store, backend);
    expect(backend.stats().requests).toBe(3);
    expect(miss.cacheHits).toBe(0);

    backend.resetStats();
    const grown = await writeFixtureSuite(dir, { rows: 5, file: 'c.yaml' }); // rewrites cases.csv with 5 rows
    const partial = await runFixture(grown, store, backend);
    expect(partial.cacheHits).toBe(3);
    expect(backend.stats().requests).toBe(2);
  });

  it('another model, API or system prompt is a miss', async () => {
    const { dir, store } = await fresh();
    await runFixture(await writeFixtureSuite(dir, { rows: 2 }), store, backend);
    backend.resetStats();
    const targets = `  - id: micro
    model: amazon.nova-micro-v1:0
    api: converse-stream
  - id: lite
    model: amazon.nova-lite-v1:0`;
    const other = await runFixture(await writeFixtureSuite(dir, { rows: 2, targets }), store, backend);
    expect(other.cacheHits).toBe(0);
    expect(backend.stats().requests).toBe(4);
    const sys = await runFixture(
      await writeFixtureSuite(dir, { rows: 2, system: 'Be terse.' }),
      store,
      backend,
    );
    expect(sys.cacheHits).toBe(0);
    expect(backend.stats().requests).toBe(6);
  });

  it('--no-cache (off) neither reads nor writes; --refresh-cache calls again and overwrites', async () => {
    const { dir, store } = await fresh();
    const file = await writeFixtureSuite(dir, { rows: 2 });
    const scope = { backend: 'local', kind: 'bedrock-converse', modelId: 'amazon.nova-micro-v1:0' };
    await runFixture(file, store, backend, { cache: 'off' });
    expect(await store.cacheEntryCount(scope)).toBe(0);
    const first = await runFixture(file, store, backend);
    await runFixture(file, store, backend, { cache: 'off' });
    expect(backend.stats().requests).toBe(6);

    const refresh = await runFixture(file, store, backend, { cache: 'refresh' });
    expect(backend.stats().requests).toBe(8);
    expect(refresh.cacheHits).toBe(0);
    expect(await store.cacheEntryCount(scope)).toBe(2);
    const hit = await runFixture(file, store, backend);
    expect(backend.stats().requests).toBe(8);
    const raws = (await store.listResults(hit.runId)).map((r) => r.raw as { cachedFromRun?: string });
    expect(raws.map((r) => r.cachedFromRun)).toEqual([refresh.runId, refresh.runId]);
    expect(first.runId).not.toBe(refresh.runId);
  });

  it('errors are never cached: a failed call is sent again next run', async () => {
    const { dir, store } = await fresh();
    const file = await writeFixtureSuite(dir, { rows: 3 });
    backend.setFaults({ latencyScale: 0, errorRate: 1 });
    try {
      const failed = await runFixture(file, store, backend);
      expect(failed.counts).toMatchObject({ ok: 0, errors: 3 });
    } finally {
      backend.setFaults({ latencyScale: 0 });
    }
    backend.resetStats();
    const ok = await runFixture(file, store, backend);
    expect(ok.cacheHits).toBe(0);
    expect(ok.counts).toMatchObject({ ok: 3, errors: 0 });
    expect(backend.stats().requests).toBe(3);
  });
});
