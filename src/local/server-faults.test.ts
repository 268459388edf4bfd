import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InternalServerException,
  InvokeModelWithResponseStreamCommand,
  ModelStreamErrorException,
  ModelTimeoutException,
  ServiceUnavailableException,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalBackend } from './server.ts';
import type { LocalBackend } from './types.ts';

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };
const TEXT = 'Refunds are available within thirty days of the purchase date by email.\nQuestion: refunds?';
const converse = (modelId = 'amazon.nova-micro-v1:0') =>
  new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: TEXT }] }] });

let backend: LocalBackend;
let h2: BedrockRuntimeClient;
let h1: BedrockRuntimeClient;

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  // maxAttempts: 1 so the SDK's retries do not hide the injected faults.
  h2 = new BedrockRuntimeClient({ endpoint: backend.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  h1 = new BedrockRuntimeClient({
    endpoint: backend.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
});
beforeEach(() => backend.resetStats());
afterAll(async () => {
  h1.destroy();
  h2.destroy();
  await backend.close();
});

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T | unknown }> {
  const t0 = performance.now();
  const value = await fn().catch((e: unknown) => e);
  return { ms: performance.now() - t0, value };
}

describe('fault injection through the real SDK', () => {
  it('a req/s quota answers ThrottlingException (429) above the bucket', async () => {
    backend.setFaults({ latencyScale: 0, requestsPerSecond: 2, burst: 2 });
    const results: unknown[] = [];
    for (let i = 0; i < 5; i++) results.push(await h2.send(converse()).catch((e: unknown) => e));
    const throttled = results.filter((r) => r instanceof ThrottlingException);
    expect(throttled).toHaveLength(3);
    expect(results.slice(0, 2).every((r) => !(r instanceof Error))).toBe(true);
    expect((throttled[0] as ThrottlingException).$metadata.httpStatusCode).toBe(429);
    expect(backend.stats()).toMatchObject({
      requests: 5,
      ok: 2,
      throttled: 3,
      errors: { ThrottlingException: 3 },
    });
  });

  it('a tokens/min quota reserves input + maxTokens, settles to real usage, then answers 429', async () => {
    const send = () =>
      h2.send(
        new ConverseCommand({
          modelId: 'amazon.nova-micro-v1:0',
          messages: [{ role: 'user', content: [{ text: TEXT }] }],
          inferenceConfig: { maxTokens: 100 },
        }),
      );
    backend.setFaults({ latencyScale: 0 });
    const probe = await send(); // no quota yet: learn the real usage of this request
    const inTok = probe.usage?.inputTokens ?? 0;
    const used = inTok + (probe.usage?.outputTokens ?? 0);
    expect(inTok).toBe(Math.ceil(TEXT.length / 4));
    // Request k is admitted iff (k - 1) settled requests + one reservation (input + 100) fit: k = 1..3 do.
    backend.setFaults({ latencyScale: 0, tokensPerMinute: 2 * used + inTok + 100 });
    backend.resetStats();
    const results: unknown[] = [];
    for (let i = 0; i < 4; i++) results.push(await send().catch((e: unknown) => e));
    expect(results.slice(0, 3).every((r) => !(r instanceof Error))).toBe(true);
    expect(results[3]).toBeInstanceOf(ThrottlingException);
    expect((results[3] as ThrottlingException).message).toMatch(/Too many tokens/);
    expect((results[3] as ThrottlingException).$metadata.httpStatusCode).toBe(429);
    expect(backend.stats()).toMatchObject({ requests: 4, ok: 3, throttled: 1 });
  });

  it('errorRate 1 answers 5xx exception classes of the SDK', async () => {
    backend.setFaults({ latencyScale: 0, errorRate: 1, seed: 11 });
    const errs = [];
    for (let i = 0; i < 8; i++) errs.push(await h1.send(converse()).catch((e: unknown) => e));
    for (const e of errs) {
      expect(e instanceof InternalServerException || e instanceof ServiceUnavailableException).toBe(true);
      const status = (e as InternalServerException).$metadata.httpStatusCode;
      expect(status).toBe(e instanceof InternalServerException ? 500 : 503);
    }
    const s = backend.stats();
    expect((s.errors.InternalServerException ?? 0) + (s.errors.ServiceUnavailableException ?? 0)).toBe(8);
    expect(s.ok).toBe(0);
  });

  it('timeoutRate 1 answers ModelTimeoutException (408) after the delay', async () => {
    backend.setFaults({ latencyScale: 0, timeoutRate: 1, timeoutDelayMs: 120 });
    const { ms, value } = await timed(() => h2.send(converse()));
    expect(value).toBeInstanceOf(ModelTimeoutException);
    expect(ms).toBeGreaterThanOrEqual(110);
  });

  it('a stream cut (reset) makes the SDK iteration throw after the first events, on h2 and h1', async () => {
    backend.setFaults({ latencyScale: 0, streamCutRate: 1, streamCutAfterEvents: 2 });
    for (const client of [h2, h1]) {
      const out = await client.send(
        new ConverseStreamCommand({
          modelId: 'amazon.nova-lite-v1:0',
          messages: [{ role: 'user', content: [{ text: TEXT }] }],
        }),
      );
      const seen: string[] = [];
      const err = await (async () => {
        for await (const e of out.stream ?? []) seen.push(Object.keys(e)[0] ?? '');
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(String((err as Error).message)).toMatch(/NGHTTP2_INTERNAL_ERROR|aborted|ECONNRESET/);
      expect(seen).toEqual(['messageStart', 'contentBlockDelta']);
    }
    expect(backend.stats().streamCuts).toBe(2);
  });

  it('a stream cut (exception) surfaces the SDK ModelStreamErrorException mid-stream', async () => {
    backend.setFaults({
      latencyScale: 0,
      streamCutRate: 1,
      streamCutAfterEvents: 3,
      streamCutMode: 'exception',
    });
    const out = await h2.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: 'amazon.nova-pro-v1:0',
        body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: TEXT }] }] }),
      }),
    );
    let chunks = 0;
    const err = await (async () => {
      for await (const e of out.body ?? []) if (e.chunk) chunks++;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelStreamErrorException);
    expect(chunks).toBe(3);
  });

  it('injected latency measurably adds delay; latencyScale 1 restores the model profile', async () => {
    backend.setFaults({ latencyScale: 0 });
    const base = await timed(() => h2.send(converse()));
    backend.setFaults({ latencyScale: 0, latency: { kind: 'fixed', ms: 200 } });
    const slow = await timed(() => h2.send(converse()));
    expect(base.ms).toBeLessThan(150);
    expect(slow.ms).toBeGreaterThanOrEqual(195);
    expect(slow.ms - base.ms).toBeGreaterThan(150);
    // nova-pro: (300 ms + 0.03 ms × input tokens) × (1 ± 0.2 jitter) before the first byte
    backend.setFaults({ latencyScale: 1 });
    const pro = await timed(() => h2.send(converse('amazon.nova-pro-v1:0')));
    expect(pro.ms).toBeGreaterThanOrEqual(240);
  });

  it('faults can be set over the admin route, and bad configs are refused', async () => {
    const ok = await fetch(`${backend.url}/_evalgate/faults`, {
      method: 'POST',
      body: JSON.stringify({ latencyScale: 0, errorRate: 1 }),
    });
    expect(ok.status).toBe(200);
    const err = await h2.send(converse()).catch((e: unknown) => e);
    expect(err instanceof InternalServerException || err instanceof ServiceUnavailableException).toBe(true);
    const bad = await fetch(`${backend.url}/_evalgate/faults`, { method: 'POST', body: '{"errorRate": 3}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/errorRate/);
    backend.setFaults({ latencyScale: 0 });
    expect((await h2.send(converse())).stopReason).toBe('end_turn');
  });
});
