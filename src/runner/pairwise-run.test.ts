/**
 * A pairwise scorer inside a suite: the baseline target runs first and its answer for the same case and repeat
 * reaches the candidate's pairwise judge (real SDK, local backend, local judge).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { loadSuite } from '../config/index.ts';
import { startLocalBackend } from '../local/index.ts';
import { openStore } from '../store/index.ts';
import { ClientPool } from '../targets/clients.ts';
import { runSuite } from './run-suite.ts';

const datasets = resolve(import.meta.dirname, '../../datasets');

it('gives the candidate a pairwise score against the baseline answer for every case, and none to the baseline', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'evalgate-pairwise-'));
  await writeFile(
    join(dir, 'pairwise.yaml'),
    `name: pairwise
datasets: [{ path: ${join(datasets, 'support.csv')}, limit: 6 }]
prompt:
  version: '1'
  include: { policy: ${join(datasets, 'support-policy.md')} }
  system: 'Answer only from this policy: {{policy}}'
  template: 'Question: {{question}}'
targets:
  - { id: lite, model: amazon.nova-lite-v1:0 }
  - { id: micro, model: amazon.nova-micro-v1:0 }
scorers:
  - type: pairwise
    judge: { model: amazon.nova-pro-v1:0 }
    baseline: micro
`,
  );
  const backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  const store = await openStore(join(dir, 'evalgate.duckdb'));
  const clients = new ClientPool({ kind: 'local', endpoint: backend.url, region: 'us-east-1' });
  try {
    const { runId } = await runSuite({
      loaded: await loadSuite(join(dir, 'pairwise.yaml')),
      store,
      clients,
      backendLabel: 'local',
    });
    const scores = await store.listScores(runId);
    const lite = scores.filter((s) => s.targetId === 'lite' && s.metric === 'pairwise');
    expect(lite).toHaveLength(6);
    for (const s of lite) {
      expect([0, 0.5, 1]).toContain(s.value);
      expect(s.reason).not.toMatch(/no_baseline/);
    }
    expect(scores.filter((s) => s.targetId === 'lite' && s.metric === 'pairwise_flip')).toHaveLength(6);
    expect(scores.filter((s) => s.targetId === 'micro')).toEqual([]);
  } finally {
    clients.destroy();
    await store.close();
    await backend.close();
  }
}, 60_000);
