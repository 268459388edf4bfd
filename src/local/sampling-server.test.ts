import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFaultConfig } from './faults.ts';
import { startLocalBackend } from './server.ts';
import type { LocalBackend } from './types.ts';

// nova-micro: sentence 1 shares 5 distinct question words, sentence 2 four (see models/sampling.test.ts).
const CONTEXT = 'Our refund policy covers thirty days. The refund policy covers days too.';
const TOP = 'Our refund policy covers thirty days.';
const SAMPLING = { latencyScale: 0, sampling: { seed: 11 } };

let backend: LocalBackend;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  backend = await startLocalBackend({ faults: SAMPLING });
  client = new BedrockRuntimeClient({
    endpoint: backend.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
});

afterAll(async () => {
  client.destroy();
  await backend.close();
});

async function answers(temperature: number, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await client.send(
      new ConverseCommand({
        modelId: 'amazon.nova-micro-v1:0',
        system: [{ text: CONTEXT }],
        messages: [{ role: 'user', content: [{ text: 'refund policy covers thirty days' }] }],
        inferenceConfig: { temperature },
      }),
    );
    out.push(res.output?.message?.content?.[0]?.text ?? '');
  }
  return out;
}

describe('sampling through the SDK', () => {
  it('samples at temperature > 0, reproducibly after the same sampling config is set again', async () => {
    const first = await answers(1, 60);
    // P(runner-up) = 0.119 per request: 60 requests give 7 on average; both answers must show up.
    expect(new Set(first)).toEqual(new Set([TOP, 'The refund policy covers days too.']));
    backend.setFaults(SAMPLING);
    expect(await answers(1, 60)).toEqual(first);
  });

  it('is deterministic at temperature 0, and at any temperature without `sampling`', async () => {
    expect(new Set(await answers(0, 20))).toEqual(new Set([TOP]));
    backend.setFaults({ latencyScale: 0 });
    expect(new Set(await answers(1, 20))).toEqual(new Set([TOP]));
    backend.setFaults(SAMPLING);
  });

  it('validates the sampling option', () => {
    expect(() => parseFaultConfig({ sampling: { seed: 1.5 } })).toThrow(
      'invalid fault config at sampling.seed',
    );
    expect(() => parseFaultConfig({ sampling: { temperature: 1 } })).toThrow(
      'invalid fault config at sampling',
    );
    expect(parseFaultConfig({ sampling: {} })).toEqual({ sampling: {} });
  });
});
