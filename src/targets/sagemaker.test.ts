import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetSchema } from '../config/schema.ts';
import type { EvalCase } from '../core/types.ts';
import { type LocalBackend, startLocalBackend } from '../local/index.ts';
import { executeCall } from '../runner/execute.ts';
import { ClientPool } from './clients.ts';
import { createTarget } from './registry.ts';
import type { EndpointSpec } from './sagemaker/spec.ts';
import type { TargetSpec } from './types.ts';

const DATASETS = resolve(import.meta.dirname, '../../datasets');
const CONTEXT = 'Refunds are issued within 14 days. Shipping is free over $50.'; // 16 tokens
const QUESTION = 'Question: How long do refunds take?'; // 9 tokens
const ANSWER = 'Refunds are issued within 14 days.'; // 9 tokens, 6 words
const REQUEST = { prompt: QUESTION, system: CONTEXT, inferenceConfig: { maxTokens: 64 } };
const CUSTOM_REQUEST = '{"prompt": "{{prompt}}", "system": "{{system}}", "max_tokens": {{maxTokens}}}';

let backend: LocalBackend;
let clients: ClientPool;

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  backend.registerEndpoints({
    endpoints: {
      fmt: {
        variants: ['tgi', 'lmi', 'openai', 'custom'].map((c) => ({
          name: c,
          container: c,
          model: 'amazon.nova-lite-v1:0',
        })),
      },
      slow: {
        variants: [
          {
            name: 'v1',
            container: 'tgi',
            model: 'amazon.nova-lite-v1:0',
            latency: { baseMs: 120, perOutputTokenMs: 8 },
          },
        ],
      },
    },
  });
  clients = new ClientPool({ kind: 'local', endpoint: backend.url, region: 'us-east-1' }, 1);
});
afterAll(async () => {
  clients.destroy();
  await backend.close();
});

function target(id: string, api: 'sagemaker' | 'sagemaker-stream', endpoint: Partial<EndpointSpec>) {
  const spec: TargetSpec = {
    id,
    api,
    model: `sagemaker/${endpoint.name}`,
    concurrency: 2,
    baseDir: DATASETS,
    endpoint: { instanceCount: 1, format: 'tgi', name: 'fmt', ...endpoint } as EndpointSpec,
  };
  return createTarget(spec, clients);
}
const signal = () => AbortSignal.timeout(10_000);
const evalCase: EvalCase = { id: 'c-7', source: { file: 'x.csv', row: 8 }, vars: {} };
const deps = (t: ReturnType<typeof target>) => ({
  runId: 'r',
  target: t,
  scorers: [],
  timeoutMs: 10_000,
  scoreContext: { targetId: t.id, modelId: t.modelId },
});

describe('sagemaker targets through the real SageMakerRuntimeClient', () => {
  it('tgi / lmi / openai / custom, sync: the answer, and usage where the format reports it', async () => {
    const custom = {
      request: CUSTOM_REQUEST,
      response: {
        text: '$.outputs[0].text',
        inputTokens: '$.usage.input_tokens',
        outputTokens: '$.usage.output_tokens',
      },
    };
    const got = await Promise.all([
      target('t', 'sagemaker', { variant: 'tgi', format: 'tgi' }).invoke(REQUEST, signal()),
      target('l', 'sagemaker', { variant: 'lmi', format: 'lmi' }).invoke(REQUEST, signal()),
      target('o', 'sagemaker', { variant: 'openai', format: 'openai' }).invoke(REQUEST, signal()),
      target('c', 'sagemaker', { variant: 'custom', format: 'custom', ...custom }).invoke(REQUEST, signal()),
    ]);
    expect(got.map((r) => r.text)).toEqual([ANSWER, ANSWER, ANSWER, ANSWER]);
    expect(got.map((r) => (r.raw as { invokedVariant: string }).invokedVariant)).toEqual([
      'tgi',
      'lmi',
      'openai',
      'custom',
    ]);
    const usage = { inputTokens: 25, outputTokens: 9, totalTokens: 34 };
    expect(got.map((r) => r.usage)).toEqual([undefined, undefined, usage, usage]);
  });

  it('tgi / lmi / openai / custom, streaming: same text, usage from the stream, ttft and 5 gaps for 6 parts', async () => {
    const custom = {
      request: CUSTOM_REQUEST,
      response: {
        text: '$.outputs[0].text',
        outputTokens: '$.usage.output_tokens',
        inputTokens: '$.usage.input_tokens',
      },
    };
    const got = await Promise.all([
      target('t', 'sagemaker-stream', { variant: 'tgi', format: 'tgi' }).invoke(REQUEST, signal()),
      target('l', 'sagemaker-stream', { variant: 'lmi', format: 'lmi' }).invoke(REQUEST, signal()),
      target('o', 'sagemaker-stream', { variant: 'openai', format: 'openai' }).invoke(REQUEST, signal()),
      target('c', 'sagemaker-stream', { variant: 'custom', format: 'custom', ...custom }).invoke(
        REQUEST,
        signal(),
      ),
    ]);
    expect(got.map((r) => r.text)).toEqual([ANSWER, ANSWER, ANSWER, ANSWER]);
    expect(got[2]?.usage).toEqual({ inputTokens: 25, outputTokens: 9, totalTokens: 34 });
    expect(got[3]?.usage).toEqual({ inputTokens: 25, outputTokens: 9, totalTokens: 34 });
    for (const r of got) {
      expect(r.timing.ttftMs).toBeGreaterThan(0);
      expect((r.raw as { interTokenMs: { count: number } }).interTokenMs.count).toBe(5);
    }
  });

  it('streaming records time to first token from the variant latency profile (120 ms base, 8 ms/token)', async () => {
    backend.setFaults({ latencyScale: 1 });
    const r = await target('s', 'sagemaker-stream', { name: 'slow', format: 'tgi' }).invoke(
      REQUEST,
      signal(),
    );
    backend.setFaults({ latencyScale: 0 });
    expect(r.timing.ttftMs).toBeGreaterThanOrEqual(110);
    // 9 tokens × 8 ms = 72 ms of decode spread over 5 gaps of ≈ 14.4 ms
    expect(r.timing.latencyMs - (r.timing.ttftMs ?? 0)).toBeGreaterThanOrEqual(60);
    const gaps = (r.raw as { interTokenMs: { count: number; p50Ms: number; maxMs: number } }).interTokenMs;
    expect(gaps.count).toBe(5);
    // The server sends on absolute deadlines: on a busy machine a late part is followed by parts sent at once to
    // catch up, so single gaps vary; the span (above) is what the schedule fixes. At least one gap is a real one.
    expect(gaps.maxMs).toBeGreaterThanOrEqual(10);
  });

  it('localDefinition registers the endpoints file once; variants are pinned; hardware reaches raw', async () => {
    const base = {
      name: 'acme-support',
      format: 'tgi' as const,
      localDefinition: 'endpoints/acme-endpoints.yaml',
      pricePerHour: 2,
      instanceType: 'ml.inf2.8xlarge',
    };
    const [a, b] = await Promise.all([
      target('canary', 'sagemaker', { ...base, variant: 'canary' }).invoke(REQUEST, signal()),
      target('baseline', 'sagemaker', { ...base, variant: 'baseline' }).invoke(REQUEST, signal()),
    ]);
    expect((a.raw as { invokedVariant: string }).invokedVariant).toBe('canary');
    expect((b.raw as { invokedVariant: string }).invokedVariant).toBe('baseline');
    expect((a.raw as { hardware: unknown }).hardware).toEqual({
      instanceType: 'ml.inf2.8xlarge',
      pricePerHour: 2,
      instanceCount: 1,
      concurrency: 2,
    });
    expect(backend.endpoints().map((e) => e.name)).toEqual(['acme-multi', 'acme-support', 'fmt', 'slow']);
  });

  it('inference components: InferenceComponentName selects the component (lmi on acme-multi)', async () => {
    const r = await target('ic', 'sagemaker', {
      name: 'acme-multi',
      inferenceComponent: 'support-lite-lmi',
      format: 'lmi',
      localDefinition: 'endpoints/acme-endpoints.yaml',
    }).invoke(REQUEST, signal());
    expect(r.text).toBe(ANSWER);
    expect((r.raw as { invokedVariant: string }).invokedVariant).toBe('AllTraffic');
  });
});

describe('one-line errors naming the target and the case', () => {
  it('a custom mapping that does not match the response', async () => {
    const t = target('custom-bad', 'sagemaker', {
      variant: 'custom',
      format: 'custom',
      request: CUSTOM_REQUEST,
      response: { text: '$.outputs[0].txt' },
    });
    const r = await executeCall(evalCase, 0, () => REQUEST, deps(t));
    expect(r.outcome).toMatchObject({ status: 'error', errorClass: 'ResponseMappingError', attempts: 1 });
    const msg = r.outcome.status === 'error' ? r.outcome.errorMessage : '';
    expect(msg).toBe(
      `target "custom-bad", case c-7: response has no $.outputs[0].txt (got {"outputs":[{"text":"${ANSWER}"}],"usage":{"input_tokens":25,"output_tokens":9}})`,
    );
  });

  it('a declared format the container does not speak (lmi against tgi), and a stream no line of which maps', async () => {
    const sync = await executeCall(
      evalCase,
      0,
      () => REQUEST,
      deps(target('lmi-wrong', 'sagemaker', { variant: 'tgi', format: 'lmi' })),
    );
    expect(sync.outcome.status === 'error' && sync.outcome.errorMessage).toBe(
      `target "lmi-wrong", case c-7: response has no $.generated_text (got [{"generated_text":"${ANSWER}"}])`,
    );
    const wrongMapping = {
      variant: 'tgi',
      format: 'custom' as const,
      request: '{"inputs": "{{system}}\\n{{prompt}}"}',
      response: { text: '$.outputs[0].text' },
    };
    const streamed = await executeCall(
      evalCase,
      0,
      () => REQUEST,
      deps(target('map-wrong', 'sagemaker-stream', wrongMapping)),
    );
    expect(streamed.outcome.status === 'error' && streamed.outcome.errorMessage).toBe(
      'target "map-wrong", case c-7: response stream has no $.outputs[0].text in any of its 6 parts',
    );
  });

  it('a malformed payload: the container 400 (ModelError) with its message', async () => {
    const t = target('custom-bad-body', 'sagemaker', {
      variant: 'custom',
      format: 'custom',
      request: '{"text": "{{prompt}}"}',
      response: { text: '$.outputs[0].text' },
    });
    const r = await executeCall(evalCase, 0, () => REQUEST, deps(t));
    expect(r.outcome).toMatchObject({ status: 'error', errorClass: 'ModelError', attempts: 1 });
    expect(r.outcome.status === 'error' && r.outcome.errorMessage).toBe(
      'target "custom-bad-body", case c-7: the container rejected the request (400): {"error":"missing field `prompt` (expected a string)","error_type":"validation"}',
    );
  });
});

describe('the endpoint: block of a suite target', () => {
  const parse = (t: Record<string, unknown>) => TargetSchema.safeParse({ id: 'x', ...t });
  const issues = (t: Record<string, unknown>) => {
    const r = parse(t);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('names the candidate sagemaker/<endpoint>[/<variant or component>]', () => {
    const a = parse({
      api: 'sagemaker',
      endpoint: { name: 'acme-support', variant: 'canary', format: 'tgi' },
    });
    const b = parse({ api: 'sagemaker-stream', endpoint: { name: 'acme-support', format: 'openai' } });
    expect(a.success && a.data.model).toBe('sagemaker/acme-support/canary');
    expect(b.success && b.data.model).toBe('sagemaker/acme-support');
  });

  it('rejects a missing block, a misplaced one, custom without mapping, mapping without custom, bad templates', () => {
    expect(issues({ api: 'sagemaker' })).toEqual([
      'endpoint: api sagemaker needs endpoint (name and format)',
    ]);
    expect(
      issues({ api: 'converse', model: 'amazon.nova-lite-v1:0', endpoint: { name: 'e', format: 'tgi' } }),
    ).toEqual(['endpoint: endpoint applies only to api sagemaker or sagemaker-stream']);
    expect(issues({ api: 'sagemaker', endpoint: { name: 'e', format: 'custom' } })).toEqual([
      'endpoint.request: format custom needs request',
      'endpoint.response: format custom needs response',
    ]);
    expect(
      issues({ api: 'sagemaker', endpoint: { name: 'e', format: 'tgi', response: { text: '$.a' } } }),
    ).toEqual(['endpoint.response: response applies only to format custom']);
    expect(
      issues({
        api: 'sagemaker',
        endpoint: {
          name: 'e',
          format: 'custom',
          request: '{"p": {{prompt}} }',
          response: { text: 'outputs' },
        },
      }),
    ).toEqual([
      'endpoint.response.text: JSON path "outputs" must start with $',
      expect.stringMatching(/^endpoint\.request: request template does not render JSON/),
    ]);
  });
});
