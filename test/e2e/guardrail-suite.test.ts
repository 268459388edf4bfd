/**
 * The example guardrail suite (suites/guardrails.yaml) end to end on the local backend: both guardrail versions
 * over the labelled and attack sets → guardrail scorer → DuckDB → HTML report with a confusion matrix per target
 * and per policy type. Row counts follow from the sets' labels (datasets/guardrails/README.md): 112 + 57 must-block
 * rows, 21 of them v2-only, so version 1 has 148 must-block rows and version 2 has 169.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSuite } from '../../src/config/index.ts';
import { type LocalBackend, startLocalBackend } from '../../src/local/index.ts';
import { renderHtmlReport } from '../../src/report/html.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { openStore } from '../../src/store/index.ts';
import { ClientPool } from '../../src/targets/clients.ts';

let backend: LocalBackend;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-guardrail-suite-'));
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
});
afterAll(async () => {
  await backend.close();
  await rm(dir, { recursive: true, force: true });
});

it('runs both versions, counts v2-only rows as must-pass for v1, and reports matrices per policy', async () => {
  const loaded = await loadSuite(resolve('suites/guardrails.yaml'));
  const store = await openStore(join(dir, 'evalgate.duckdb'));
  const clients = new ClientPool({ kind: 'local', endpoint: backend.url, region: 'us-east-1' });
  try {
    const { runId, counts } = await runSuite({ loaded, store, clients, backendLabel: 'local (test)' });
    expect(counts).toMatchObject({ cases: 305, ok: 610, errors: 0 });
    const results = await store.listResults(runId);
    expect(results.every((r) => r.guardrail !== null)).toBe(true);
    const scores = await store.listScores(runId);
    const n = (target: string, metric: string) =>
      scores.filter((s) => s.targetId === target && s.metric === metric).length;
    expect([n('guardrail-v1', 'guardrail_correct'), n('guardrail-v2', 'guardrail_correct')]).toEqual([
      305, 305,
    ]);
    expect([
      n('guardrail-v1', 'guardrail_block_recall'),
      n('guardrail-v2', 'guardrail_block_recall'),
    ]).toEqual([148, 169]);
    expect(n('guardrail-v2', 'guardrail_attack_block')).toBe(57);
    expect(n('guardrail-v2', 'grounding_accuracy')).toBe(24);
    const html = await renderHtmlReport(store, runId);
    for (const t of ['guardrail-v1', 'guardrail-v2'])
      expect(html).toContain(`<table class="confusion" data-target="${t}">`);
    for (const p of ['content', 'prompt-attack', 'topic', 'word', 'pii', 'regex', 'grounding'])
      expect(html.split(`<table class="confusion" data-policy="${p}">`)).toHaveLength(3); // one per version
  } finally {
    clients.destroy();
    await store.close();
  }
}, 60_000);
