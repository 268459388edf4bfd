import {
  InvokeEndpointCommand,
  type InvokeEndpointCommandInput,
  InvokeEndpointWithResponseStreamCommand,
  ModelError,
  SageMakerRuntimeClient,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fnv1a } from './prng.ts';
import { parseEndpoints } from './sagemaker/config.ts';
import { pickByWeight } from './sagemaker/registry.ts';
import { startLocalBackend } from './server.ts';
import type { LocalBackend } from './types.ts';

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };
const ACME = new URL('../../datasets/endpoints/acme-endpoints.yaml', import.meta.url).pathname;
// 61 chars (16 tokens) of context + 35 chars (9 tokens) of question; every local model answers sentence 1.
const CONTEXT = 'Refunds are issued within 14 days. Shipping is free over $50.';
const QUESTION = 'Question: How long do refunds take?';
const ANSWER = 'Refunds are issued within 14 days.'; // 34 chars = 9 tokens
const enc = (doc: unknown) => new TextEncoder().encode(JSON.stringify(doc));
const dec = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

const TEST_ENDPOINTS = {
  endpoints: {
    'fmt-test': {
      variants: [
        { name: 'tgi', weight: 0, container: 'tgi', model: 'amazon.nova-lite-v1:0' },
        { name: 'lmi', weight: 0, container: 'lmi', model: 'amazon.nova-lite-v1:0' },
        { name: 'openai', weight: 0, container: 'openai', model: 'amazon.nova-lite-v1:0' },
        { name: 'custom', weight: 1, container: 'custom', model: 'amazon.nova-micro-v1:0' },
      ],
    },
  },
};

let backend: LocalBackend;
let client: SageMakerRuntimeClient;

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 }, endpoints: [ACME] });
  backend.registerEndpoints(TEST_ENDPOINTS);
  client = new SageMakerRuntimeClient({
    endpoint: backend.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await backend.close();
});

function invoke(over: Partial<InvokeEndpointCommandInput> & { Body: Uint8Array }) {
  return client.send(
    new InvokeEndpointCommand({ EndpointName: 'fmt-test', ContentType: 'application/json', ...over }),
  );
}

async function stream(variant: string, doc: unknown, endpoint = 'fmt-test', component?: string) {
  const out = await client.send(
    new InvokeEndpointWithResponseStreamCommand({
      EndpointName: endpoint,
      ContentType: 'application/json',
      Body: enc(doc),
      ...(component ? { InferenceComponentName: component } : { TargetVariant: variant }),
    }),
  );
  const parts: string[] = [];
  for await (const e of out.Body ?? []) if (e.PayloadPart?.Bytes) parts.push(dec(e.PayloadPart.Bytes));
  return { out, parts };
}

const tgiBody = { inputs: `${CONTEXT}\n${QUESTION}`, parameters: { max_new_tokens: 50 } };

describe('InvokeEndpoint (real SageMakerRuntimeClient, HTTP/1.1)', () => {
  it('TGI: [{generated_text}], details on request, and the invoked variant header', async () => {
    const out = await invoke({
      TargetVariant: 'tgi',
      Body: enc({ ...tgiBody, parameters: { details: true } }),
    });
    expect(out.InvokedProductionVariant).toBe('tgi');
    expect(out.ContentType).toBe('application/json');
    expect(JSON.parse(dec(out.Body))).toEqual([
      { generated_text: ANSWER, details: { finish_reason: 'eos_token', generated_tokens: 9 } },
    ]);
  });

  it('TGI max_new_tokens truncates to 4 chars per token with finish_reason length', async () => {
    const out = await invoke({
      TargetVariant: 'tgi',
      Body: enc({ ...tgiBody, parameters: { max_new_tokens: 2, details: true } }),
    });
    expect(JSON.parse(dec(out.Body))).toEqual([
      { generated_text: 'Refunds ', details: { finish_reason: 'length', generated_tokens: 2 } },
    ]);
  });

  it('LMI: {generated_text}', async () => {
    const out = await invoke({ TargetVariant: 'lmi', Body: enc(tgiBody) });
    expect(JSON.parse(dec(out.Body))).toEqual({ generated_text: ANSWER });
  });

  it('OpenAI messages: choices[0].message.content and usage (16 + 9 prompt tokens, 9 completion)', async () => {
    const body = {
      messages: [
        { role: 'system', content: CONTEXT },
        { role: 'user', content: QUESTION },
      ],
      max_tokens: 64,
    };
    const out = await invoke({ TargetVariant: 'openai', Body: enc(body) });
    const doc = JSON.parse(dec(out.Body));
    expect(doc.object).toBe('chat.completion');
    expect(doc.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: ANSWER }, finish_reason: 'stop' },
    ]);
    expect(doc.usage).toEqual({ prompt_tokens: 25, completion_tokens: 9, total_tokens: 34 });
  });

  it('custom: {outputs:[{text}], usage} (system 16 + prompt 9 tokens)', async () => {
    const out = await invoke({ Body: enc({ prompt: QUESTION, system: CONTEXT }) }); // weights send it to custom
    expect(out.InvokedProductionVariant).toBe('custom');
    expect(JSON.parse(dec(out.Body))).toEqual({
      outputs: [{ text: ANSWER }],
      usage: { input_tokens: 25, output_tokens: 9 },
    });
  });

  it('inference components: the header picks the component; its hosting variant is reported', async () => {
    const out = await invoke({
      EndpointName: 'acme-multi',
      InferenceComponentName: 'support-lite-lmi',
      Body: enc(tgiBody),
    });
    expect(out.InvokedProductionVariant).toBe('AllTraffic');
    expect(JSON.parse(dec(out.Body))).toEqual({ generated_text: ANSWER });
    const missing = invoke({ EndpointName: 'acme-multi', Body: enc(tgiBody) });
    await expect(missing).rejects.toBeInstanceOf(ValidationError);
    await expect(missing).rejects.toThrow('Inference Component Name header is required');
  });

  it('a malformed body is the container 400, wrapped as ModelError (HTTP 424) with OriginalStatusCode', async () => {
    const err = await invoke({ TargetVariant: 'tgi', Body: enc({ prompt: 'x' }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    const e = err as ModelError;
    expect(e.OriginalStatusCode).toBe(400);
    expect(e.$metadata.httpStatusCode).toBe(424);
    expect(JSON.parse(e.OriginalMessage ?? '')).toEqual({
      error: 'missing field `inputs` (expected a string)',
      error_type: 'validation',
    });
    const notJson = await invoke({ TargetVariant: 'openai', Body: new TextEncoder().encode('{oops') }).catch(
      (x) => x,
    );
    expect((notJson as ModelError).OriginalStatusCode).toBe(400);
    expect((notJson as ModelError).OriginalMessage).toContain('Failed to deserialize the JSON body');
  });

  it('unknown endpoint or variant → ValidationError', async () => {
    await expect(invoke({ EndpointName: 'nope', Body: enc(tgiBody) })).rejects.toThrow(
      'Endpoint nope of account 000000000000 not found.',
    );
    await expect(invoke({ TargetVariant: 'blue', Body: enc(tgiBody) })).rejects.toThrow(
      'Variant blue not found for endpoint fmt-test.',
    );
  });
});

describe('variant selection by weight', () => {
  it('picks by fnv1a(body) mod 10,000 over the cumulative weights, the same body always the same variant', () => {
    const { endpoints } = parseEndpoints({
      endpoints: {
        e: {
          variants: [
            { name: 'a', weight: 1, container: 'tgi', model: 'amazon.nova-lite-v1:0' },
            { name: 'b', weight: 3, container: 'tgi', model: 'amazon.nova-lite-v1:0' },
          ],
        },
      },
    });
    const variants = endpoints.e!.variants;
    for (const text of ['{"inputs":"a"}', '{"inputs":"b"}', '{"inputs":"c"}', '{"inputs":"d"}']) {
      const point = ((fnv1a(text) % 10_000) / 10_000) * 4; // a covers [0, 1), b [1, 4)
      expect(pickByWeight(variants, Buffer.from(text)).name).toBe(point < 1 ? 'a' : 'b');
    }
  });

  it('acme-support splits 0.9 / 0.1 across different bodies, deterministically', async () => {
    const seen: Record<string, number> = {};
    for (let i = 0; i < 40; i++) {
      const body = enc({ inputs: `${CONTEXT}\nQuestion: refunds ${i}?` });
      const a = await invoke({ EndpointName: 'acme-support', Body: body });
      const b = await invoke({ EndpointName: 'acme-support', Body: body });
      expect(b.InvokedProductionVariant).toBe(a.InvokedProductionVariant);
      seen[a.InvokedProductionVariant ?? ''] = (seen[a.InvokedProductionVariant ?? ''] ?? 0) + 1;
    }
    expect(seen.baseline).toBeGreaterThan(seen.canary ?? 0);
    expect((seen.baseline ?? 0) + (seen.canary ?? 0)).toBe(40);
  });
});

describe('InvokeEndpointWithResponseStream: PayloadPart events', () => {
  it('TGI streams SSE token lines, one word each; the last carries generated_text', async () => {
    const { out, parts } = await stream('tgi', tgiBody);
    expect(out.InvokedProductionVariant).toBe('tgi');
    expect(out.ContentType).toBe('text/event-stream');
    expect(parts).toHaveLength(6);
    const docs = parts.map((p) => JSON.parse(p.replace(/^data:/, '')));
    expect(docs.map((d) => d.token.text).join('')).toBe(ANSWER);
    expect(docs[5].generated_text).toBe(ANSWER);
    expect(parts.every((p) => p.startsWith('data:') && p.endsWith('\n\n'))).toBe(true);
  });

  it('LMI streams JSON lines; custom streams {outputs} lines then {usage}', async () => {
    const lmi = await stream('lmi', tgiBody);
    expect(lmi.parts.map((p) => JSON.parse(p).token.text).join('')).toBe(ANSWER);
    const custom = await stream('custom', { prompt: QUESTION, system: CONTEXT });
    expect(custom.parts).toHaveLength(7);
    expect(JSON.parse(custom.parts[6]!)).toEqual({ usage: { input_tokens: 25, output_tokens: 9 } });
  });

  it('OpenAI streams chat.completion.chunk deltas, finish_reason, usage when asked, then [DONE]', async () => {
    const body = {
      messages: [{ role: 'user', content: `${CONTEXT}\n${QUESTION}` }],
      stream: true,
      stream_options: { include_usage: true },
    };
    const { parts } = await stream('openai', body);
    expect(parts.at(-1)).toBe('data: [DONE]\n\n');
    const docs = parts.slice(0, -1).map((p) => JSON.parse(p.replace(/^data: /, '')));
    expect(docs.map((d) => d.choices[0]?.delta?.content ?? '').join('')).toBe(ANSWER);
    expect(docs[6].choices[0].finish_reason).toBe('stop');
    expect(docs[7].usage).toEqual({ prompt_tokens: 25, completion_tokens: 9, total_tokens: 34 });
  });

  it('the first part waits for the latency profile (baseMs 150) and stats count per variant', async () => {
    backend.registerEndpoints({
      endpoints: {
        slow: {
          variants: [
            {
              name: 'v1',
              container: 'tgi',
              model: 'amazon.nova-micro-v1:0',
              latency: { baseMs: 150, perOutputTokenMs: 10 },
            },
          ],
        },
      },
    });
    backend.setFaults({ latencyScale: 1 });
    backend.resetStats();
    const started = performance.now();
    const out = await client.send(
      new InvokeEndpointWithResponseStreamCommand({ EndpointName: 'slow', Body: enc(tgiBody) }),
    );
    const times: number[] = [];
    for await (const e of out.Body ?? []) if (e.PayloadPart) times.push(performance.now() - started);
    backend.setFaults({ latencyScale: 0 });
    expect(times[0]).toBeGreaterThanOrEqual(140);
    // 9 output tokens × 10 ms spread over the 5 gaps between 6 parts
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(80);
    const s = backend.stats().models['sagemaker/slow/v1'];
    expect(s).toMatchObject({ requests: 1, ok: 1, outputTokens: 9 });
  });
});

describe('faults answer SageMaker exceptions', () => {
  it('errorRate 1 → ServiceUnavailable (503) or InternalFailure (500); requestsPerSecond → ThrottlingException', async () => {
    backend.setFaults({ latencyScale: 0, errorRate: 1 });
    const e1 = await invoke({ TargetVariant: 'tgi', Body: enc(tgiBody) }).catch((e) => e);
    const expected: Record<string, number> = { ServiceUnavailable: 503, InternalFailure: 500 };
    expect(e1.$metadata.httpStatusCode).toBe(expected[e1.name]);
    backend.setFaults({ latencyScale: 0, requestsPerSecond: 1, burst: 1 });
    await invoke({ TargetVariant: 'tgi', Body: enc(tgiBody) });
    const e2 = await invoke({ TargetVariant: 'tgi', Body: enc(tgiBody) }).catch((e) => e);
    expect(e2.name).toBe('ThrottlingException');
    backend.setFaults({ latencyScale: 0 });
  });

  it('a stream cut in exception mode raises ModelStreamError after the parts before it', async () => {
    backend.setFaults({
      latencyScale: 0,
      streamCutRate: 1,
      streamCutAfterEvents: 2,
      streamCutMode: 'exception',
    });
    const out = await client.send(
      new InvokeEndpointWithResponseStreamCommand({
        EndpointName: 'fmt-test',
        TargetVariant: 'tgi',
        Body: enc(tgiBody),
      }),
    );
    const got: string[] = [];
    const err = await (async () => {
      for await (const e of out.Body ?? []) if (e.PayloadPart?.Bytes) got.push(dec(e.PayloadPart.Bytes));
    })().catch((e) => e);
    backend.setFaults({ latencyScale: 0 });
    expect(err.name).toBe('ModelStreamError');
    expect(got).toHaveLength(2);
  });
});

describe('admin: PUT /_evalgate/endpoints', () => {
  const put = (body: unknown) =>
    fetch(`${backend.url}/_evalgate/endpoints`, { method: 'PUT', body: JSON.stringify(body) });

  it('registers a file or inline definitions and lists them', async () => {
    const byFile = await put({ file: ACME });
    expect(((await byFile.json()) as { registered: string[] }).registered).toEqual([
      'acme-support',
      'acme-multi',
    ]);
    const inline = await put({
      endpoints: { tiny: { variants: [{ name: 'v', container: 'lmi', model: 'amazon.nova-micro-v1:0' }] } },
    });
    expect(((await inline.json()) as { registered: string[] }).registered).toEqual(['tiny']);
    const list = (await (await fetch(`${backend.url}/_evalgate/endpoints`)).json()) as { name: string }[];
    expect(list.find((e: { name: string }) => e.name === 'tiny')).toEqual({
      name: 'tiny',
      variants: [
        {
          name: 'v',
          weight: 1,
          instanceType: 'ml.inf2.xlarge',
          instanceCount: 1,
          model: 'amazon.nova-micro-v1:0',
        },
      ],
      inferenceComponents: [],
    });
  });

  it('answers ValidationException naming the file or the field', async () => {
    const missing = await put({ file: '/nonexistent/endpoints.yaml' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toBe(
      '/nonexistent/endpoints.yaml: cannot read the endpoints file',
    );
    const bad = await put({
      endpoints: { e: { variants: [{ name: 'v', container: 'tgi', model: 'gpt-4' }] } },
    });
    expect(((await bad.json()) as { message: string }).message).toMatch(
      /^endpoints: endpoints\.e\.variants\.0\.model: expected a local text model/,
    );
  });
});
