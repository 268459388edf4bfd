/** The local prompt store through the real @aws-sdk/client-bedrock-runtime: Converse with a prompt version ARN. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBackend } from '../server.ts';
import type { LocalBackend } from '../types.ts';

const ARN = 'arn:aws:bedrock:us-east-1:111122223333:prompt/SUPPORT001:3';
const SYSTEM = 'Answer from the {{product}} policy.';
const TEMPLATE = [
  'The warranty lasts ten years.',
  'Returns are accepted within 30 days of delivery.',
  'Question: {{question}}',
].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'evalgate-prompts-'));
const FILE = join(dir, 'support.yaml');
writeFileSync(
  FILE,
  `name: support\nmodel: amazon.nova-lite-v1:0\nsystem: '${SYSTEM}'\ntemplate: |\n${TEMPLATE.split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\ninference: { maxTokens: 100 }\n`,
);

let backend: LocalBackend;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  client = new BedrockRuntimeClient({
    endpoint: backend.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
    maxAttempts: 1,
  });
  const res = await fetch(`${backend.url}/_evalgate/prompts`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ arn: ARN, file: FILE }),
  });
  expect(res.status).toBe(200);
});

afterAll(async () => {
  client.destroy();
  await backend.close();
});

const vars = (question: string) => ({ question: { text: question }, product: { text: 'Acme' } });
const input = (over: Partial<ConverseCommandInput> = {}): ConverseCommandInput => ({
  modelId: ARN,
  promptVariables: vars('How long is the warranty?'),
  ...over,
});

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

describe('local prompt store', () => {
  it('lists the registered prompt version with the variables its template reads', async () => {
    const list = await (await fetch(`${backend.url}/_evalgate/prompts`)).json();
    expect(list).toEqual([
      {
        arn: ARN,
        promptId: 'SUPPORT001',
        version: '3',
        model: 'amazon.nova-lite-v1:0',
        variables: ['product', 'question'],
        origin: FILE,
      },
    ]);
  });

  it('Converse with the prompt ARN fills the variables and answers with the variant model', async () => {
    const out = await client.send(new ConverseCommand(input()));
    expect(out.output?.message?.content?.[0]?.text).toBe('The warranty lasts ten years.');
    // tokens = ceil(chars / 4) per block: the filled system text and the filled user message
    const system = 'Answer from the Acme policy.'; // 28 chars → 7
    const user = TEMPLATE.replace('{{question}}', 'How long is the warranty?'); // 114 chars → 29
    expect(system.length).toBe(28);
    expect(user.length).toBe(114);
    expect(out.usage).toEqual({ inputTokens: 36, outputTokens: 8, totalTokens: 44 });
    const stats = (await (await fetch(`${backend.url}/_evalgate/stats`)).json()) as {
      models: Record<string, { requests: number }>;
    };
    expect(Object.keys(stats.models)).toContain('amazon.nova-lite-v1:0');
  });

  it('ConverseStream with the prompt ARN streams the same answer', async () => {
    const out = await client.send(new ConverseStreamCommand(input()));
    let text = '';
    for await (const e of out.stream ?? []) text += e.contentBlockDelta?.delta?.text ?? '';
    expect(text).toBe('The warranty lasts ten years.');
  });

  it("appends the request's messages after the prompt's (the last question is answered)", async () => {
    const messages = [
      { role: 'user' as const, content: [{ text: 'Question: Can I send it back after delivery?' }] },
    ];
    const out = await client.send(new ConverseCommand(input({ messages })));
    expect(out.output?.message?.content?.[0]?.text).toBe('Returns are accepted within 30 days of delivery.');
  });

  it('an unknown prompt version is a ResourceNotFoundException', async () => {
    const err = await errorOf(client.send(new ConverseCommand(input({ modelId: ARN.replace(/:3$/, ':9') }))));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.message).toContain('prompt SUPPORT001 has versions 3');
  });

  it('system, inferenceConfig, a missing variable and a draft ARN are ValidationExceptions', async () => {
    const system = await errorOf(client.send(new ConverseCommand(input({ system: [{ text: 'x' }] }))));
    expect(system).toBeInstanceOf(ValidationException);
    expect(system.message).toBe(
      "system can't be specified when the model identifier is a prompt ARN (it is set in the prompt).",
    );
    const inference = await errorOf(
      client.send(new ConverseCommand(input({ inferenceConfig: { maxTokens: 5 } }))),
    );
    expect(inference).toBeInstanceOf(ValidationException);
    const missing = await errorOf(
      client.send(new ConverseCommand(input({ promptVariables: { question: { text: 'Hi?' } } }))),
    );
    expect(missing).toBeInstanceOf(ValidationException);
    expect(missing.message).toBe(`The prompt variable product of ${ARN} has no value in promptVariables.`);
    const draft = await errorOf(client.send(new ConverseCommand(input({ modelId: ARN.replace(/:3$/, '') }))));
    expect(draft).toBeInstanceOf(ValidationException);
  });

  it('registration errors are one-line ValidationExceptions', async () => {
    const put = (body: unknown) =>
      fetch(`${backend.url}/_evalgate/prompts`, { method: 'PUT', body: JSON.stringify(body) });
    const noVersion = await put({ arn: ARN.replace(/:3$/, ''), file: FILE });
    expect(noVersion.status).toBe(400);
    const badModel = await put({ arn: ARN, template: 'x', model: 'acme.unknown-v1' });
    expect(((await badModel.json()) as { message: string }).message).toMatch(
      /^\(admin\): model must be a local model id \(has: .*amazon\.nova-lite-v1:0/,
    );
  });
});
