/**
 * The example suite (suites/support.yaml) against the local models through the real SDK: the three models
 * must differ measurably — accuracy on `contains`, tokens, cost and latency — in the documented order.
 */
import { readFileSync } from 'node:fs';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { LOCAL_MODELS } from './models/index.ts';
import { startLocalBackend } from './server.ts';
import type { LocalBackend } from './types.ts';

const root = new URL('../../', import.meta.url);
const suite = parseYaml(readFileSync(new URL('suites/support.yaml', root), 'utf8')) as {
  prompt: { system: string; template: string };
  targets: { id: string; model: string; api?: string }[];
};
const policy = readFileSync(new URL('datasets/support-policy.md', root), 'utf8');
const cases = parseCsv(readFileSync(new URL('datasets/support.csv', root)), { columns: true }) as {
  id: string;
  question: string;
  expected: string;
  category: string;
}[];
const system = suite.prompt.system.replace('{{policy}}', policy);
const prompt = (q: string) => suite.prompt.template.replace('{{question}}', q);

interface Outcome {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

let backend: LocalBackend;
let client: BedrockRuntimeClient;

async function ask(modelId: string, api: string, question: string): Promise<Outcome> {
  const input = {
    modelId,
    system: [{ text: system }],
    messages: [{ role: 'user' as const, content: [{ text: prompt(question) }] }],
    inferenceConfig: { maxTokens: 200, temperature: 0 },
  };
  if (api === 'converse-stream') {
    const out = await client.send(new ConverseStreamCommand(input));
    let text = '';
    let usage = { inputTokens: 0, outputTokens: 0 };
    for await (const e of out.stream ?? []) {
      text += e.contentBlockDelta?.delta?.text ?? '';
      if (e.metadata?.usage)
        usage = {
          inputTokens: e.metadata.usage.inputTokens ?? 0,
          outputTokens: e.metadata.usage.outputTokens ?? 0,
        };
    }
    return { text, ...usage };
  }
  const out = await client.send(new ConverseCommand(input));
  return {
    text: out.output?.message?.content?.[0]?.text ?? '',
    inputTokens: out.usage?.inputTokens ?? 0,
    outputTokens: out.usage?.outputTokens ?? 0,
  };
}

/** Run one target over all cases, 8 at a time. */
async function runTarget(modelId: string, api: string): Promise<Outcome[]> {
  const results: Outcome[] = new Array(cases.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < cases.length) {
        const i = next++;
        results[i] = await ask(modelId, api, cases[i]?.question ?? '');
      }
    }),
  );
  return results;
}

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  client = new BedrockRuntimeClient({
    endpoint: backend.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
  });
});
afterAll(async () => {
  client.destroy();
  await backend.close();
});

describe('example customer-support suite on the local models', () => {
  it('has at least 60 cases whose expected phrase occurs exactly once in the policy', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const c of cases) expect(policy.split(c.expected).length - 1, c.id).toBe(1);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('orders the models small < mid < strong on accuracy and cost', async () => {
    const byTarget = new Map<string, { hits: number; accuracy: number; cost: number; outcomes: Outcome[] }>();
    for (const t of suite.targets) {
      const outcomes = await runTarget(t.model, t.api ?? 'converse');
      const hits = outcomes.filter((o, i) => o.text.includes(cases[i]?.expected ?? '\u0000')).length;
      const price = LOCAL_MODELS.find((m) => m.id === t.model);
      const cost = outcomes.reduce(
        (a, o) =>
          a +
          (o.inputTokens / 1000) * (price?.inputPer1k ?? 0) +
          (o.outputTokens / 1000) * (price?.outputPer1k ?? 0),
        0,
      );
      byTarget.set(t.id, { hits, accuracy: hits / cases.length, cost, outcomes });
    }
    const micro = byTarget.get('nova-micro');
    const lite = byTarget.get('nova-lite');
    const pro = byTarget.get('nova-pro');
    if (!micro || !lite || !pro) throw new Error('suite targets changed');
    // Documented in MODELS.md: 41 / 56 / 69 of 77 (53 % / 73 % / 90 %).
    expect([micro.hits, lite.hits, pro.hits, cases.length]).toEqual([41, 56, 69, 77]);
    expect(micro.accuracy).toBeGreaterThanOrEqual(0.4);
    expect(micro.accuracy).toBeLessThan(0.6);
    expect(lite.accuracy).toBeGreaterThanOrEqual(0.6);
    expect(lite.accuracy).toBeLessThan(0.8);
    expect(pro.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(pro.accuracy).toBeLessThan(0.95);
    expect(micro.accuracy).toBeLessThan(lite.accuracy);
    expect(lite.accuracy).toBeLessThan(pro.accuracy);
    expect(micro.cost).toBeLessThan(lite.cost);
    expect(lite.cost * 5).toBeLessThan(pro.cost);
    // the same prompt → the same input tokens for every model (ceil(chars/4) rule)
    expect(micro.outcomes[0]?.inputTokens).toBe(pro.outcomes[0]?.inputTokens);
    // the <script> question is answered with the sentence that contains the literal tag
    const script = cases.findIndex((c) => c.question.includes('<script>alert(1)</script>'));
    expect(pro.outcomes[script]?.text).toContain('<script>');
  });

  it('has a catalogue whose prices and latency profiles rise from micro to pro, and measured latency follows', async () => {
    const [m, l, p] = LOCAL_MODELS;
    if (!m || !l || !p) throw new Error('catalogue changed');
    expect(m.inputPer1k < l.inputPer1k && l.inputPer1k < p.inputPer1k).toBe(true);
    expect(m.outputPer1k < l.outputPer1k && l.outputPer1k < p.outputPer1k).toBe(true);
    expect(m.latency.baseMs < l.latency.baseMs && l.latency.baseMs < p.latency.baseMs).toBe(true);
    backend.setFaults({ latencyScale: 1 });
    const q = cases[0]?.question ?? '';
    const time = async (id: string) => {
      const t0 = performance.now();
      await ask(id, 'converse', q);
      return performance.now() - t0;
    };
    const [tm, tl, tp] = await Promise.all([time(m.id), time(l.id), time(p.id)]);
    backend.setFaults({ latencyScale: 0 });
    expect(tm).toBeLessThan(tl);
    expect(tl).toBeLessThan(tp);
  });
});
