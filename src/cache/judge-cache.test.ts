/** Judge calls are cached like target calls: a second run of a judged suite sends nothing to the backend. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { loadSuite } from '../config/index.ts';
import { startLocalBackend } from '../local/index.ts';
import { runSuite } from '../runner/run-suite.ts';
import { openStore } from '../store/index.ts';
import { ClientPool } from '../targets/clients.ts';

const datasets = resolve(import.meta.dirname, '../../datasets');

it('caches judge verdicts per sample: run 2 makes no call and gets the same scores; cache off calls again', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'evalgate-judge-cache-'));
  await writeFile(
    join(dir, 'judged.yaml'),
    `name: judged
datasets: [{ path: ${join(datasets, 'support-rag.jsonl')}, limit: 4 }]
prompt:
  version: '1'
  system: 'Passages: {{context}}'
  template: 'Question: {{question}}'
targets:
  - { id: lite, model: amazon.nova-lite-v1:0 }
scorers:
  - type: faithfulness
    judge: { model: amazon.nova-pro-v1:0 }
    samples: 2
`,
  );
  const backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  const store = await openStore(join(dir, 'evalgate.duckdb'));
  const clients = new ClientPool({ kind: 'local', endpoint: backend.url, region: 'us-east-1' });
  const loaded = await loadSuite(join(dir, 'judged.yaml'));
  const run = async (cache: 'use' | 'off') => {
    backend.resetStats();
    const { runId } = await runSuite({ loaded, store, clients, backendLabel: 'local', cache });
    const scores = (await store.listScores(runId)).map((s) => [s.caseId, s.value]);
    return { requests: backend.stats().requests, scores };
  };
  try {
    const first = await run('use');
    expect(first.requests).toBe(4 + 4 * 2); // 4 answers + 2 independent judge samples per case
    const second = await run('use');
    expect(second.requests).toBe(0);
    expect(second.scores).toEqual(first.scores);
    const off = await run('off');
    expect(off.requests).toBe(12);
  } finally {
    clients.destroy();
    await store.close();
    await backend.close();
  }
}, 60_000);
