/**
 * The runner prices each target at its own region (the suite's `prices:` over the table) and records the price
 * table version with the run; a local-backend run end to end.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBackend, startLocalBackend } from '../local/index.ts';
import { runFixture, tempDir } from '../plan/_test-fixtures.ts';
import { openStore } from '../store/index.ts';
import { PRICE_TABLE_VERSION } from './index.ts';

let backend: LocalBackend;
let dir: string;

beforeAll(async () => {
  backend = await startLocalBackend({ port: 0, faults: { latencyScale: 0 } });
  dir = await tempDir('evalgate-cost-run-');
});

afterAll(async () => {
  await backend?.close();
  await rm(dir, { recursive: true, force: true });
});

const SUITE = `name: regional-prices
datasets:
  - path: cases.csv
prompt:
  version: 1.0.0
  system: Refunds are available within 30 days of purchase.
  template: "Question: {{question}}"
targets:
  - id: home
    model: amazon.nova-pro-v1:0
    retry: { maxAttempts: 1 }
  - id: frankfurt
    model: amazon.nova-pro-v1:0
    region: eu-central-1
    retry: { maxAttempts: 1 }
  - id: table
    model: amazon.nova-lite-v1:0
    retry: { maxAttempts: 1 }
scorers:
  - type: cost
prices:
  amazon.nova-pro-v1:0:
    input: 0.001
    output: 0.002
    regions:
      eu-central-1: { input: 0.01, output: 0.02 }
`;

describe('run-suite prices', () => {
  it("prices each target at its region's figures and records the table version", async () => {
    await writeFile(join(dir, 'cases.csv'), 'id,question\nc1,How long do refunds take?\nc2,When?\n');
    const file = join(dir, 'suite.yaml');
    await writeFile(file, SUITE);
    const store = await openStore(join(dir, 'evalgate.duckdb'));
    try {
      const { runId } = await runFixture(file, store, backend);
      const results = await store.listResults(runId);
      const scores = await store.listScores(runId);
      // per 1k: home 0.001 / 0.002 (suite, any region), frankfurt 0.01 / 0.02 (suite, eu-central-1),
      // table: nova-lite from the shipped table, 0.00006 / 0.00024
      const per1k: Record<string, [number, number]> = {
        home: [0.001, 0.002],
        frankfurt: [0.01, 0.02],
        table: [0.00006, 0.00024],
      };
      expect(results).toHaveLength(6);
      for (const r of results) {
        const [pin, pout] = per1k[r.targetId]!;
        const cost = scores.find((s) => s.caseId === r.caseId && s.targetId === r.targetId);
        expect(r.inputTokens).toBeGreaterThan(0);
        const expected = ((r.inputTokens ?? 0) / 1000) * pin + ((r.outputTokens ?? 0) / 1000) * pout;
        expect(cost?.metric).toBe('cost_usd');
        expect(cost?.value).toBeCloseTo(expected, 12);
      }
      // same answer, same tokens: Frankfurt costs 10 × home
      const home = scores.find((s) => s.targetId === 'home' && s.caseId === 'c1')!.value;
      const eu = scores.find((s) => s.targetId === 'frankfurt' && s.caseId === 'c1')!.value;
      expect(eu / home).toBeCloseTo(10, 9);
      expect((await store.getRun(runId))?.meta?.priceTable).toBe(PRICE_TABLE_VERSION);
    } finally {
      await store.close();
    }
  });
});
