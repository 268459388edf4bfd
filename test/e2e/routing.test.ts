/**
 * The example routing suite (suites/routing.yaml) end to end on the local backend: all-micro, all-pro and the
 * routed candidate → cost, routing and quality scores → DuckDB → routing summary, HTML report and gate. The
 * expected figures are recomputed here from the dataset's tier labels, the stored routes and the local models'
 * prices (src/local/MODELS.md), not read back from the code under test.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/config/index.ts';
import { type LocalBackend, startLocalBackend } from '../../src/local/index.ts';
import { qualityVerdict } from '../../src/pipeline/quality-verdict.ts';
import { renderHtmlReport } from '../../src/report/html.ts';
import { formatRoutingSummaries, routingSummaries } from '../../src/routing/index.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { type DuckDbStore, openStore } from '../../src/store/index.ts';
import type { StoredCaseResult, StoredScore } from '../../src/store/types.ts';
import { ClientPool } from '../../src/targets/clients.ts';

/** USD per 1,000 input / output tokens of the local models (src/local/MODELS.md, the us-east-1 price table). */
const PRICES: Record<string, [number, number]> = {
  'amazon.nova-micro-v1:0': [0.000035, 0.00014],
  'amazon.nova-lite-v1:0': [0.00006, 0.00024],
  'amazon.nova-pro-v1:0': [0.0008, 0.0032],
};

interface Call {
  modelId: string;
  role: string;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
}
interface Raw {
  route: { tier: string; model: string; by: string };
  modelCalls: Call[];
}

let backend: LocalBackend;
let dir: string;
let store: DuckDbStore;
let runId: string;
let results: StoredCaseResult[];
let scores: StoredScore[];
const labels = new Map<string, string>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-routing-suite-'));
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  const csv = await readFile(resolve('datasets/routing.csv'), 'utf8');
  for (const line of csv.trim().split('\n').slice(1)) {
    const cells = line.split(',');
    labels.set(cells[0] ?? '', cells.at(-1) ?? '');
  }
  const loaded = await loadSuite(resolve('suites/routing.yaml'));
  store = await openStore(join(dir, 'evalgate.duckdb'));
  const clients = new ClientPool({ kind: 'local', endpoint: backend.url, region: 'us-east-1' });
  try {
    ({ runId } = await runSuite({ loaded, store, clients, backendLabel: 'local (test)', cache: 'off' }));
  } finally {
    clients.destroy();
  }
  results = await store.listResults(runId);
  scores = await store.listScores(runId);
}, 60_000);

afterAll(async () => {
  await store?.close();
  await backend?.close();
  await rm(dir, { recursive: true, force: true });
});

const routed = () => results.filter((r) => r.targetId === 'routed');
const scoreOf = (target: string, caseId: string, metric: string) =>
  scores.find((s) => s.targetId === target && s.caseId === caseId && s.metric === metric)?.value;

describe('suites/routing.yaml on the local backend', () => {
  it('runs 24 labelled cases on 3 candidates without errors; the dataset has both tiers', () => {
    expect(results).toHaveLength(72);
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    expect([...labels.values()].filter((t) => t === 'simple')).toHaveLength(12);
    expect([...labels.values()].filter((t) => t === 'complex')).toHaveLength(12);
  });

  it('stored routing_accuracy mean = the routes that match the dataset labels, counted here', () => {
    const rows = routed();
    const correct = rows.filter((r) => (r.raw as Raw).route.tier === labels.get(r.caseId)).length;
    const accuracy = scores.filter((s) => s.targetId === 'routed' && s.metric === 'routing_accuracy');
    expect(accuracy).toHaveLength(24);
    const mean = accuracy.reduce((a, s) => a + s.value, 0) / accuracy.length;
    expect(mean).toBeCloseTo(correct / 24, 12);
    // only the routed candidate reports a route
    expect(scores.some((s) => s.targetId !== 'routed' && s.metric === 'routing_accuracy')).toBe(false);
    // the example's router is useful but imperfect: a mix of rule, classifier and default routes
    const by = new Set(rows.map((r) => (r.raw as Raw).route.by));
    expect(by).toEqual(new Set(['rule', 'classifier', 'default']));
    expect(correct).toBeGreaterThanOrEqual(17);
    expect(correct).toBeLessThan(24);
  });

  it("each routed case's usage is the total of its model calls, and cost_usd prices each call by its own model", () => {
    for (const r of routed()) {
      const raw = r.raw as Raw;
      expect(raw.modelCalls.at(-1)).toMatchObject({ role: 'answer', modelId: raw.route.model });
      expect(raw.modelCalls.length).toBe(raw.route.by === 'rule' ? 1 : 2);
      expect(r.inputTokens).toBe(raw.modelCalls.reduce((a, c) => a + c.usage.inputTokens, 0));
      expect(r.outputTokens).toBe(raw.modelCalls.reduce((a, c) => a + c.usage.outputTokens, 0));
      const usd = raw.modelCalls.reduce((a, c) => {
        const [input, output] = PRICES[c.modelId] ?? [Number.NaN, Number.NaN];
        return a + (c.usage.inputTokens / 1000) * input + (c.usage.outputTokens / 1000) * output;
      }, 0);
      expect(scoreOf('routed', r.caseId, 'cost_usd')).toBeCloseTo(usd, 12);
    }
  });

  it('the routing summary compares with all-pro: cost per 1,000 cases and saving from the stored costs', async () => {
    const run = await store.getRun(runId);
    const [s] = routingSummaries(run?.config, results, scores, { seed: 1 });
    const per1k = (target: string) =>
      (1000 * [...labels.keys()].reduce((a, id) => a + (scoreOf(target, id, 'cost_usd') ?? Number.NaN), 0)) /
      24;
    expect(s?.baseline).toBe('all-pro');
    expect(s?.accuracy.labelled).toBe(24);
    expect(s?.cost?.pairs).toBe(24);
    expect(s?.cost?.routedPer1k).toBeCloseTo(per1k('routed'), 12);
    expect(s?.cost?.baselinePer1k).toBeCloseTo(per1k('all-pro'), 12);
    expect(s?.cost?.savedPer1k).toBeCloseTo(per1k('all-pro') - per1k('routed'), 12);
    expect(s?.cost?.savedPer1k).toBeGreaterThan(0);
    const contains = s?.quality.find((q) => q.metric === 'contains');
    const mean = (t: string) =>
      [...labels.keys()].reduce((a, id) => a + (scoreOf(t, id, 'contains') ?? 0), 0) / 24;
    expect(contains?.routed).toBeCloseTo(mean('routed'), 12);
    expect(contains?.baseline).toBeCloseTo(mean('all-pro'), 12);
    const micro = s?.tiers.find((t) => t.tier === 'simple');
    expect(micro?.rows).toBe(routed().filter((r) => (r.raw as Raw).route.tier === 'simple').length);
    expect(formatRoutingSummaries(s ? [s] : [])).toContain(
      `Routing: routed vs all-pro (tier label column "tier"`,
    );
  });

  it('the HTML report has the routing section with its confusion table, and the gate promotes the routed candidate', async () => {
    const html = await renderHtmlReport(store, runId);
    expect(html).toContain('<section id="routing">');
    expect(html).toContain('<table class="routing-confusion" data-target="routed">');
    const loaded = await loadSuite(resolve('suites/routing.yaml'));
    const gate = loaded.suite.gate;
    if (!gate) throw new Error('suites/routing.yaml has no gate');
    const verdict = await qualityVerdict(store, runId, gate, undefined, 1);
    expect(verdict.decision).toBe('promote');
  });
});
