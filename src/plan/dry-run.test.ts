import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDryRun } from '../cli/print-plan.ts';
import { type LocalBackend, startLocalBackend } from '../local/index.ts';
import { dryRunSuites } from '../pipeline/evaluate.ts';
import { openStore } from '../store/index.ts';
import { runFixture, tempDir, writeFixtureSuite } from './_test-fixtures.ts';

let backend: LocalBackend;
beforeAll(async () => {
  backend = await startLocalBackend({ port: 0, faults: { latencyScale: 0 } });
});
afterAll(async () => {
  await backend.close();
});

// "Answer with the number only." = 28 chars; "Question: What is N plus zero?" = 30 chars (N = 1..9)
// → ceil(58 / 4) = 15 estimated input tokens per call.
const TARGETS = `  - id: micro
    model: amazon.nova-micro-v1:0
    inference: { maxTokens: 100 }
    retry: { maxAttempts: 1 }
  - id: lite
    model: amazon.nova-lite-v1:0
    retry: { maxAttempts: 1 }`;
const PRICES = `prices:
  amazon.nova-micro-v1:0: { input: 0.001, output: 0.002 }`;

describe('dry run', () => {
  it('renders every request and estimates calls, tokens and cost per target; calls nothing, writes nothing', async () => {
    const dir = await tempDir('evalgate-dry-');
    const file = await writeFixtureSuite(dir, { rows: 3, repeats: 2, targets: TARGETS, extra: PRICES });
    backend.resetStats();
    const out = join(dir, 'out');
    const result = await dryRunSuites({
      paths: [file],
      backend: 'local',
      outDir: out,
      localEndpoint: backend.url,
    });
    expect(backend.stats().requests).toBe(0);
    expect(existsSync(out)).toBe(false);
    const [suite] = result.suites;
    expect(suite).toMatchObject({ suite: 'fixture', cases: 3, badRows: 0, repeats: 2 });
    expect(suite?.targets[0]).toEqual({
      targetId: 'micro',
      modelId: 'amazon.nova-micro-v1:0',
      kind: 'bedrock-converse',
      calls: 6,
      cacheHits: 0,
      toSend: 6,
      renderErrors: 0,
      inputTokens: 90, // 6 × 15
      maxOutputTokens: 600, // 6 × 100
      price: { inputPer1k: 0.001, outputPer1k: 0.002 },
      costUsd: expect.closeTo(0.00129, 12), // 90/1000 × 0.001 + 600/1000 × 0.002
    });
    // no maxTokens: output unbounded, cost is the input share at the default nova-lite price (0.00006 / 1k)
    expect(suite?.targets[1]).toMatchObject({ calls: 6, inputTokens: 90, maxOutputTokens: null });
    expect(suite?.targets[1]?.costUsd).toBeCloseTo(0.0000054, 12);

    const text = formatDryRun(result);
    expect(text).toContain('fixture (');
    expect(text).toContain('3 cases × 2 targets × 2 repeats');
    expect(text).toMatch(/ {2}micro +amazon\.nova-micro-v1:0 +6 +0 +6 +90 +600 +0\.0013\n/);
    expect(text).toMatch(/ {2}lite +amazon\.nova-lite-v1:0 +6 +0 +6 +90 +no maxTokens +≥ 0\.0000054\n/);
    expect(text).toContain(
      'dry run: 12 model calls would be made, 0 answered from the cache; estimated cost at least $',
    );
  });

  it('counts expected cache hits and the keys a resume would skip', async () => {
    const dir = await tempDir('evalgate-dry-');
    const file = await writeFixtureSuite(dir, { rows: 4, targets: TARGETS, extra: PRICES });
    const dbPath = join(dir, 'evalgate.duckdb');
    const store = await openStore(dbPath);
    backend.setFaults({ latencyScale: 0, errorRate: 0.5, seed: 3 });
    const first = await runFixture(file, store, backend);
    backend.setFaults({ latencyScale: 0 });
    await store.close();
    const okRows = first.counts.ok;
    expect(first.counts.errors).toBeGreaterThan(0);

    backend.resetStats();
    const plain = await dryRunSuites({ paths: [file], backend: 'local', outDir: dir, dbPath });
    const [micro, lite] = plain.suites[0]?.targets ?? [];
    // every ok response is cached; error rows are not
    expect((micro?.cacheHits ?? 0) + (lite?.cacheHits ?? 0)).toBe(okRows);
    expect(micro?.toSend).toBe(4 - (micro?.cacheHits ?? 0));
    expect(micro?.inputTokens).toBe(15 * (micro?.toSend ?? 0));
    expect(micro?.maxOutputTokens).toBe(100 * (micro?.toSend ?? 0));

    const resumed = await dryRunSuites({
      paths: [file],
      backend: 'local',
      outDir: dir,
      dbPath,
      resume: 'latest',
    });
    const s = resumed.suites[0];
    expect(s?.resume).toEqual({ runId: first.runId, done: okRows });
    expect((s?.targets ?? []).reduce((n, t) => n + t.calls, 0)).toBe(8 - okRows);
    expect(formatDryRun(resumed)).toContain(
      `resuming run ${first.runId}: ${okRows} calls already stored as ok`,
    );
    expect(backend.stats().requests).toBe(0);
    // the preview deleted nothing
    const check = await openStore(dbPath);
    expect((await check.completedKeys(first.runId)).size).toBe(8);
    await check.close();
  });
});
