import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { err, exact, ok, query, T0 } from './_fixtures.ts';
import { openStore } from './store.ts';
import type { ResponseCacheEntry } from './types.ts';

const run1 = { runId: 'run-1', suiteName: 'support', suiteFile: 's.yaml', suiteHash: 'h', backend: 'local' };
const targets = [
  { id: 'lite', modelId: 'amazon.nova-lite-v1:0' },
  { id: 'pro', modelId: 'amazon.nova-pro-v1:0' },
];

function entry(key: string, text: string, over: Partial<ResponseCacheEntry> = {}): ResponseCacheEntry {
  return {
    key,
    backend: 'local',
    kind: 'bedrock-converse',
    modelId: 'amazon.nova-lite-v1:0',
    region: 'us-east-1',
    repeat: 0,
    response: { text, timing: { latencyMs: 42 }, raw: { authorization: 'AWS4-HMAC-SHA256 x', ok: 1 } },
    runId: 'run-1',
    ...over,
  };
}

async function fresh() {
  const file = join(await mkdtemp(join(tmpdir(), 'evalgate-store-cache-')), 'evalgate.duckdb');
  const store = await openStore(file);
  await store.beginRun({ ...run1, startedAt: T0, targets });
  return { file, store };
}

describe('response_cache (migration 2)', () => {
  it('cache entries are written with their batch, read back without credentials, newest wins', async () => {
    const { file, store } = await fresh();
    await store.appendResults([ok('c1', 'lite', 100, 'yes', [exact(1)])], [entry('k1', 'first')]);
    await store.appendResults([], [entry('k2', 'other', { modelId: 'amazon.nova-pro-v1:0' })]);
    const many = await store.cachedResponses(['k1', 'nope', 'k2']);
    expect([...many.keys()].sort()).toEqual(['k1', 'k2']);
    expect(many.get('k1')).toEqual({
      response: { text: 'first', timing: { latencyMs: 42 }, raw: { ok: 1 } },
      runId: 'run-1',
    });
    expect(many.get('k2')?.response.text).toBe('other');

    // refresh: the same key again (twice in one batch too) keeps the last response
    await store.appendResults([], [entry('k1', 'second', { runId: 'run-2' }), entry('k1', 'third')]);
    expect((await store.cachedResponses(['k1'])).get('k1')?.response.text).toBe('third');

    const scope = { backend: 'local', kind: 'bedrock-converse', modelId: 'amazon.nova-lite-v1:0' };
    expect(await store.cacheEntryCount(scope)).toBe(1);
    expect(await store.cacheEntryCount({ ...scope, modelId: 'amazon.nova-pro-v1:0' })).toBe(1);
    expect(await store.cacheEntryCount({ ...scope, backend: 'aws' })).toBe(0);
    expect(await store.cachedKeys(['k2', 'k3', 'k1'])).toEqual(new Set(['k1', 'k2']));
    await store.close();

    const rows = await query(
      file,
      'SELECT cache_key, model_id, repeat FROM response_cache ORDER BY cache_key',
    );
    expect(rows).toEqual([
      { cache_key: 'k1', model_id: 'amazon.nova-lite-v1:0', repeat: 0 },
      { cache_key: 'k2', model_id: 'amazon.nova-pro-v1:0', repeat: 0 },
    ]);
  });

  it('looks up more keys than one chunk (5,000)', async () => {
    const { store } = await fresh();
    const entries = Array.from({ length: 30 }, (_, i) => entry(`key-${i * 300}`, 'x'));
    await store.appendResults([], entries);
    const asked = Array.from({ length: 12_000 }, (_, i) => `key-${i}`);
    const found = await store.cachedKeys(asked);
    expect(found.size).toBe(30);
    expect(found.has('key-8700')).toBe(true);
    await store.close();
  });
});

describe('deleteErrorResults (resume retries error rows)', () => {
  it('deletes only the run error rows, reports them by class, and lets their keys be written again', async () => {
    const { store } = await fresh();
    await store.appendResults([
      ok('c1', 'lite', 100, 'yes', [exact(1)]),
      err('c2', 'lite', 'ThrottlingException'),
      err('c3', 'lite', 'ThrottlingException'),
      err('c1', 'pro', 'Timeout'),
      ok('c2', 'pro', 100, 'yes', [exact(1)]),
    ]);
    await store.beginRun({ ...run1, runId: 'run-other', targets });
    await store.appendResults([{ ...err('c9', 'lite', 'Timeout'), runId: 'run-other' }]);

    expect(await store.deleteErrorResults('run-1')).toEqual({ ThrottlingException: 2, Timeout: 1 });
    expect(await store.completedKeys('run-1')).toEqual(
      new Set(['c1\u0000lite\u00000', 'c2\u0000pro\u00000']),
    );
    expect((await store.completedKeys('run-other')).size).toBe(1);
    expect(await store.deleteErrorResults('run-1')).toEqual({});

    // first write wins no longer blocks the retried keys
    const out = await store.writeBatch([
      ok('c2', 'lite', 90, 'yes', [exact(1)]),
      ok('c1', 'lite', 1, 'second write', [exact(0)]),
    ]);
    expect(out).toEqual({ inserted: 1, skipped: 1 });
    const results = await store.listResults('run-1');
    expect(results.map((r) => `${r.caseId}/${r.targetId}:${r.status}`)).toEqual([
      'c1/lite:ok',
      'c2/lite:ok',
      'c2/pro:ok',
    ]);
    expect(results[0]?.outputText).toBe('yes');
    expect((await store.listScores('run-1')).length).toBe(3);
    await store.close();
  });

  it('completedKeys(run, okOnly) leaves error rows out', async () => {
    const { store } = await fresh();
    await store.appendResults([ok('c1', 'lite', 100, 'yes', [exact(1)]), err('c2', 'lite', 'Timeout')]);
    expect((await store.completedKeys('run-1')).size).toBe(2);
    expect(await store.completedKeys('run-1', true)).toEqual(new Set(['c1\u0000lite\u00000']));
    await store.close();
  });
});
