import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBackend } from './server.ts';
import type { BackendStats, LocalBackend } from './types.ts';

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };
const SYSTEM = 'Refunds are available within 30 days of purchase. Our office is in Berlin.';
// input tokens = ceil(75/4) + ceil(37/4) = 19 + 10 = 29
const QUESTION = 'Question: When are refunds available?';
const ANSWER = 'Refunds are available within 30 days of purchase.'; // 50 chars → 13 tokens

let backend: LocalBackend;
let h2Client: BedrockRuntimeClient;
let h1Client: BedrockRuntimeClient;

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  h2Client = new BedrockRuntimeClient({
    endpoint: backend.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
  h1Client = new BedrockRuntimeClient({
    endpoint: backend.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
});

afterAll(async () => {
  h2Client.destroy();
  h1Client.destroy();
  await backend.close();
});

function converseInput(modelId: string, maxTokens?: number) {
  return {
    modelId,
    system: [{ text: SYSTEM }],
    messages: [{ role: 'user' as const, content: [{ text: QUESTION }] }],
    ...(maxTokens ? { inferenceConfig: { maxTokens } } : {}),
  };
}

function novaBody(text: string, inferenceConfig?: Record<string, unknown>): string {
  return JSON.stringify({
    messages: [{ role: 'user', content: [{ text }] }],
    system: [{ text: SYSTEM }],
    ...(inferenceConfig ? { inferenceConfig } : {}),
  });
}

describe('bedrock-runtime wire protocol', () => {
  it('Converse over the default HTTP/2 handler returns text, usage and metrics', async () => {
    backend.resetStats();
    const out = await h2Client.send(new ConverseCommand(converseInput('amazon.nova-lite-v1:0')));
    expect(out.output?.message?.role).toBe('assistant');
    expect(out.output?.message?.content?.[0]?.text).toBe(ANSWER);
    expect(out.stopReason).toBe('end_turn');
    expect(out.usage).toEqual({ inputTokens: 29, outputTokens: 13, totalTokens: 42 });
    expect(out.metrics?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(backend.stats().protocols).toEqual({ h2: 1 });
  });

  it('Converse over HTTP/1.1 (NodeHttpHandler) gives the same answer', async () => {
    backend.resetStats();
    const out = await h1Client.send(new ConverseCommand(converseInput('amazon.nova-lite-v1:0')));
    expect(out.output?.message?.content?.[0]?.text).toBe(ANSWER);
    expect(out.usage?.totalTokens).toBe(42);
    expect(backend.stats().protocols).toEqual({ h1: 1 });
  });

  it('ConverseStream yields messageStart, 3-word deltas, stop events and usage in metadata', async () => {
    for (const client of [h2Client, h1Client]) {
      const out = await client.send(new ConverseStreamCommand(converseInput('amazon.nova-pro-v1:0')));
      const events: ConverseStreamOutput[] = [];
      for await (const e of out.stream ?? []) events.push(e);
      expect(events.map((e) => Object.keys(e)[0])).toEqual([
        'messageStart',
        'contentBlockDelta',
        'contentBlockDelta',
        'contentBlockDelta',
        'contentBlockStop',
        'messageStop',
        'metadata',
      ]);
      expect(events[0]?.messageStart?.role).toBe('assistant');
      const text = events.map((e) => e.contentBlockDelta?.delta?.text ?? '').join('');
      expect(text).toBe(ANSWER);
      expect(events[1]?.contentBlockDelta?.delta?.text).toBe('Refunds are available ');
      expect(events[5]?.messageStop?.stopReason).toBe('end_turn');
      expect(events[6]?.metadata?.usage).toEqual({ inputTokens: 29, outputTokens: 13, totalTokens: 42 });
      expect(typeof events[6]?.metadata?.metrics?.latencyMs).toBe('number');
    }
  });

  it('InvokeModel takes and returns Amazon Nova bodies (same token rule as Converse)', async () => {
    const out = await h2Client.send(
      new InvokeModelCommand({
        modelId: 'amazon.nova-micro-v1:0',
        contentType: 'application/json',
        accept: 'application/json',
        body: novaBody(QUESTION),
      }),
    );
    expect(out.contentType).toBe('application/json');
    expect(JSON.parse(new TextDecoder().decode(out.body))).toEqual({
      output: { message: { role: 'assistant', content: [{ text: ANSWER }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 29, outputTokens: 13, totalTokens: 42 },
    });
  });

  it('InvokeModelWithResponseStream sends Nova streaming chunks as base64 payload parts', async () => {
    const out = await h1Client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: 'amazon.nova-micro-v1:0',
        contentType: 'application/json',
        body: novaBody(QUESTION),
      }),
    );
    const chunks: Record<string, unknown>[] = [];
    for await (const e of out.body ?? []) {
      if (e.chunk?.bytes) chunks.push(JSON.parse(new TextDecoder().decode(e.chunk.bytes)));
    }
    expect(chunks[0]).toEqual({ messageStart: { role: 'assistant' } });
    expect(chunks[1]).toEqual({
      contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Refunds are available ' } },
    });
    expect(chunks.at(-3)).toEqual({ contentBlockStop: { contentBlockIndex: 0 } });
    expect(chunks.at(-2)).toEqual({ messageStop: { stopReason: 'end_turn' } });
    const last = chunks.at(-1) as {
      metadata: { usage: unknown };
      'amazon-bedrock-invocationMetrics': { inputTokenCount: number; outputTokenCount: number };
    };
    expect(last.metadata.usage).toEqual({ inputTokens: 29, outputTokens: 13 });
    expect(last['amazon-bedrock-invocationMetrics']).toMatchObject({
      inputTokenCount: 29,
      outputTokenCount: 13,
    });
  });

  it('maxTokens truncates to 4 characters per token with stopReason max_tokens', async () => {
    const c = await h2Client.send(new ConverseCommand(converseInput('amazon.nova-lite-v1:0', 3)));
    expect(c.output?.message?.content?.[0]?.text).toBe('Refunds are ');
    expect(c.stopReason).toBe('max_tokens');
    expect(c.usage?.outputTokens).toBe(3);
    const i = await h2Client.send(
      new InvokeModelCommand({
        modelId: 'amazon.nova-lite-v1:0',
        body: novaBody(QUESTION, { max_new_tokens: 2 }),
      }),
    );
    const body = JSON.parse(new TextDecoder().decode(i.body));
    expect(body.output.message.content[0].text).toBe('Refunds ');
    expect(body.stopReason).toBe('max_tokens');
  });

  it('accepts cross-region inference profile ids (us.amazon.nova-pro-v1:0)', async () => {
    const out = await h2Client.send(new ConverseCommand(converseInput('us.amazon.nova-pro-v1:0')));
    expect(out.output?.message?.content?.[0]?.text).toBe(ANSWER);
  });

  it('an unknown model id raises the SDK ResourceNotFoundException (404)', async () => {
    for (const client of [h2Client, h1Client]) {
      const err = await client.send(new ConverseCommand(converseInput('acme.made-up-v1:0'))).catch((e) => e);
      expect(err).toBeInstanceOf(ResourceNotFoundException);
      expect(err.$metadata.httpStatusCode).toBe(404);
      expect(err.message).toContain('acme.made-up-v1:0');
    }
  });

  it('a malformed request raises the SDK ValidationException (400)', async () => {
    const err = await h2Client
      .send(
        new ConverseCommand({
          modelId: 'amazon.nova-lite-v1:0',
          messages: [{ role: 'assistant', content: [{ text: 'hello' }] }],
        }),
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.message).toBe('A conversation must start with a user message.');
    const bad = await h2Client
      .send(new InvokeModelCommand({ modelId: 'amazon.nova-lite-v1:0', body: '{not json' }))
      .catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationException);
  });

  it('admin routes list the models and count requests per model', async () => {
    backend.resetStats();
    await h1Client.send(new ConverseCommand(converseInput('amazon.nova-micro-v1:0')));
    await h1Client.send(new ConverseCommand(converseInput('nope.model-v1:0'))).catch(() => undefined);
    const models = (await (await fetch(`${backend.url}/_evalgate/models`)).json()) as { id: string }[];
    expect(models.map((m) => m.id)).toEqual([
      'amazon.nova-micro-v1:0',
      'amazon.nova-lite-v1:0',
      'amazon.nova-pro-v1:0',
    ]);
    const stats = (await (await fetch(`${backend.url}/_evalgate/stats`)).json()) as BackendStats;
    expect(stats).toMatchObject({ requests: 2, ok: 1, errors: { ResourceNotFoundException: 1 } });
    expect(stats.models['amazon.nova-micro-v1:0']).toMatchObject({
      requests: 1,
      ok: 1,
      inputTokens: 29,
      outputTokens: 13,
    });
    const unknown = await fetch(`${backend.url}/nothing/here`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });
});
