/** Resume through the real runner, SDK client and local backend (the CLI kill-and-resume test is in test/e2e). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../config/index.ts';
import { type LocalBackend, startLocalBackend } from '../local/index.ts';
import type { ProgressSink } from '../runner/progress.ts';
import { runSuite } from '../runner/run-suite.ts';
import { type DuckDbStore, openStore } from '../store/index.ts';
import { ClientPool } from '../targets/clients.ts';
import { runFixture, tempDir, writeFixtureSuite } from './_test-fixtures.ts';
import { callKey, streamCalls } from './plan.ts';
import { carryCounts, resolveResumeRunId } from './resume.ts';

let backend: LocalBackend;
let store: DuckDbStore | undefined;

beforeAll(async () => {
  backend = await startLocalBackend({ port: 0, faults: { latencyScale: 0 } });
});
afterAll(async () => {
  await backend.close();
});
afterEach(async () => {
  backend.setFaults({ latencyScale: 0 });
  await store?.close();
  store = undefined;
});

async function fresh(): Promise<{ dir: string; store: DuckDbStore }> {
  const dir = await tempDir('evalgate-resume-');
  store = await openStore(join(dir, 'evalgate.duckdb'));
  backend.resetStats();
  return { dir, store };
}

const keysOf = async (s: DuckDbStore, runId: string) =>
  (await s.listResults(runId)).map((r) => `${r.caseId}:${r.status}`).sort();

describe('resume', () => {
  it('retries only the error rows, replacing them; ok rows are not sent again', async () => {
    const { dir, store } = await fresh();
    const file = await writeFixtureSuite(dir, { rows: 12 });
    backend.setFaults({ latencyScale: 0, errorRate: 0.5, seed: 7 });
    const first = await runFixture(file, store, backend, { cache: 'off' });
    const errors = first.counts.errors;
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(12);
    const errorsByClass = first.counts.errorsByClass;

    backend.setFaults({ latencyScale: 0 });
    backend.resetStats();
    const again = await runFixture(file, store, backend, { cache: 'off', runId: first.runId, resume: true });
    expect(backend.stats().requests).toBe(errors);
    expect(again.resumed).toEqual({ done: 12 - errors, retriedErrors: errorsByClass });
    expect(again.counts).toMatchObject({ cases: 12, calls: 12, ok: 12, errors: 0, errorsByClass: {} });
    const rows = await keysOf(store, first.runId);
    expect(rows).toHaveLength(12);
    expect(new Set(rows).size).toBe(12);
    expect(rows.every((r) => r.endsWith(':ok'))).toBe(true);
    const run = await store.getRun(first.runId);
    expect(run).toMatchObject({ status: 'completed', counts: { calls: 12, ok: 12, errors: 0 } });
    expect((await store.listScores(first.runId)).filter((s) => s.metric === 'contains')).toHaveLength(12);
  });

  it('sends only the missing keys and starts the progress bar at the stored ones', async () => {
    const { dir, store } = await fresh();
    const file = await writeFixtureSuite(dir, { rows: 4, repeats: 2 });
    const first = await runFixture(file, store, backend, { cache: 'off' });
    expect(backend.stats().requests).toBe(8);
    // the same suite file over a longer dataset: the run now lacks keys c5..c6 × 2 repeats
    await writeFile(
      join(dir, 'cases.csv'),
      `id,question,expected\n${[1, 2, 3, 4, 5, 6].map((i) => `c${i},What is ${i} plus zero?,${i}`).join('\n')}\n`,
    );
    backend.resetStats();
    const seen: { start?: [number, number | undefined]; ticks: number; notes: string[] } = {
      ticks: 0,
      notes: [],
    };
    const progress: ProgressSink = {
      start: (total, _label, done) => {
        seen.start = [total, done];
      },
      tick: () => {
        seen.ticks++;
      },
      note: (line) => seen.notes.push(line),
      finish: () => {},
    };
    const clients = new ClientPool({ kind: 'local', endpoint: backend.url, region: 'us-east-1' });
    const again = await runSuite({
      loaded: await loadSuite(file),
      store,
      clients,
      backendLabel: 'local',
      progress,
      runId: first.runId,
      resume: true,
      cache: 'off',
    });
    clients.destroy();
    expect(backend.stats().requests).toBe(4);
    expect(seen).toMatchObject({ start: [12, 8], ticks: 4 });
    expect(seen.notes[0]).toBe(`run ${first.runId} resumed: 8 of 12 calls already stored`);
    expect(again.counts).toMatchObject({ cases: 6, calls: 12, ok: 12 });
    expect(await keysOf(store, first.runId)).toHaveLength(12);
  });

  it('refuses a run whose suite file changed, in one line, and deletes nothing', async () => {
    const { dir, store } = await fresh();
    const file = await writeFixtureSuite(dir, { rows: 2 });
    backend.setFaults({ latencyScale: 0, errorRate: 1 });
    const first = await runFixture(file, store, backend, { cache: 'off' });
    backend.setFaults({ latencyScale: 0 });
    await writeFixtureSuite(dir, { rows: 2, template: 'Q: {{question}}' });
    const attempt = runFixture(file, store, backend, { runId: first.runId, resume: true });
    await expect(attempt).rejects.toThrow(
      /suite\.yaml: --resume fixture-\S+: the suite file changed since that run \(sha256 [0-9a-f]{12}… now [0-9a-f]{12}…\); restore it or start a new run$/,
    );
    expect(await keysOf(store, first.runId)).toEqual(['c1:error', 'c2:error']);
    await expect(runFixture(file, store, backend, { runId: 'nope', resume: true })).rejects.toThrow(
      /--resume nope: no such run in .*evalgate\.duckdb$/,
    );
  });

  it('resolves `latest` to the newest run of that suite', async () => {
    const { dir, store } = await fresh();
    const a = await runFixture(await writeFixtureSuite(dir, { rows: 1, name: 'alpha' }), store, backend);
    const b = await runFixture(
      await writeFixtureSuite(dir, { rows: 1, name: 'beta', file: 'b.yaml' }),
      store,
      backend,
    );
    expect(await resolveResumeRunId(store, 'latest', 'alpha')).toBe(a.runId);
    expect(await resolveResumeRunId(store, 'latest', 'beta')).toBe(b.runId);
    expect(await resolveResumeRunId(store, 'x-1', 'alpha')).toBe('x-1');
    await expect(resolveResumeRunId(store, 'latest', 'gamma')).rejects.toThrow(
      /--resume latest: no run of suite "gamma" in /,
    );
  });
});

describe('carryCounts', () => {
  it('adds kept ok rows and earlier event counters; error counts are this session only', () => {
    const session = {
      cases: 10,
      calls: 3,
      ok: 2,
      errors: 1,
      errorsByClass: { Timeout: 1 },
      throttles: 4,
      badRows: 1,
      scorerErrors: 0,
      retries: 5,
    };
    const previous = {
      cases: 10,
      calls: 9,
      ok: 6,
      errors: 3,
      errorsByClass: { X: 3 },
      throttles: 7,
      retries: 2,
    };
    expect(carryCounts(session, previous, 7)).toEqual({
      cases: 10,
      calls: 10,
      ok: 9,
      errors: 1,
      errorsByClass: { Timeout: 1 },
      throttles: 11,
      badRows: 1,
      scorerErrors: 0,
      retries: 7,
    });
    // a killed session recorded no counts: only the kept rows carry over
    expect(carryCounts(session, null, 7)).toMatchObject({ calls: 10, ok: 9, throttles: 4, retries: 5 });
  });
});

describe('streamCalls', () => {
  it('streams each case × repeats, without the (case, target, repeat) keys already done', async () => {
    async function* cases() {
      for (const id of ['a', 'b']) yield { id, source: { file: 'x.csv', row: 1 }, vars: {} };
    }
    const done = new Set([callKey('a', 't', 0), callKey('b', 't', 1), callKey('a', 'other', 1)]);
    const got: string[] = [];
    for await (const c of streamCalls(cases(), 't', 2, done))
      got.push(`${c.evalCase.id}/${c.repeat}/${c.targetId}`);
    expect(got).toEqual(['a/1/t', 'b/0/t']);
  });
});
