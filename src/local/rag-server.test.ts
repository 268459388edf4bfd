import {
  BedrockAgentRuntimeClient,
  type Citation,
  ResourceNotFoundException,
  RetrieveAndGenerateCommand,
  type RetrieveAndGenerateCommandInput,
  RetrieveCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBackend } from './server.ts';
import type { LocalBackend } from './types.ts';

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };
const CORPUS = new URL('../../test/fixtures/kb-mini', import.meta.url).pathname;
const arn = (id: string) => `arn:aws:bedrock:us-east-1::foundation-model/${id}`;

let backend: LocalBackend;
let agent: BedrockAgentRuntimeClient;

beforeAll(async () => {
  backend = await startLocalBackend({
    faults: { latencyScale: 0 },
    knowledgeBases: { MINI: { corpusDir: CORPUS } },
  });
  agent = new BedrockAgentRuntimeClient({
    endpoint: backend.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  agent.destroy();
  await backend.close();
});

function rag(question: string, model: string, extra: Record<string, unknown> = {}, kb = 'MINI') {
  const input = {
    input: { text: question },
    retrieveAndGenerateConfiguration: {
      type: 'KNOWLEDGE_BASE',
      knowledgeBaseConfiguration: {
        knowledgeBaseId: kb,
        modelArn: arn(model),
        retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3 } },
        ...extra,
      },
    },
  } as RetrieveAndGenerateCommandInput;
  return agent.send(new RetrieveAndGenerateCommand(input));
}

const chunkIds = (c: Citation) =>
  (c.retrievedReferences ?? []).map((r) => r.metadata?.['x-amz-bedrock-kb-chunk-id']);

/** Every span must cut its own text out of the answer, and every cited chunk must contain that text. */
function expectConsistent(answer: string, citations: Citation[]): void {
  for (const c of citations) {
    const part = c.generatedResponsePart?.textResponsePart;
    expect(answer.slice(part?.span?.start, part?.span?.end)).toBe(part?.text);
    for (const r of c.retrievedReferences ?? []) expect(r.content?.text).toContain(part?.text);
  }
}

describe('RetrieveAndGenerate (real BedrockAgentRuntimeClient)', () => {
  it('answers from the retrieved passages and cites the supporting chunk with its span', async () => {
    const out = await rag('How long do refunds take?', 'amazon.nova-lite-v1:0');
    const answer = 'Refunds are issued within 14 days of a cancellation request.';
    expect(out.output?.text).toBe(answer);
    expect(out.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.citations).toHaveLength(1);
    const c = out.citations?.[0];
    expect(c?.generatedResponsePart?.textResponsePart).toEqual({ text: answer, span: { start: 0, end: 60 } });
    expect(chunkIds(c!)).toEqual(['billing/refunds#0']);
    expect(c?.retrievedReferences?.[0]?.location).toEqual({
      type: 'S3',
      s3Location: { uri: 's3://evalgate-local-kb-mini/billing/refunds.md' },
    });
    expect(c?.retrievedReferences?.[0]?.content?.type).toBe('TEXT');
  });

  it('cites each sentence of a two-sentence answer separately (nova-pro appends the continuation)', async () => {
    const out = await rag('How often are encryption keys rotated?', 'amazon.nova-pro-v1:0', {}, 'MINI');
    const answer = 'Encryption keys are rotated every 90 days. This happens automatically, without downtime.';
    expect(out.output?.text).toBe(answer);
    const parts = out.citations?.map((c) => c.generatedResponsePart?.textResponsePart?.span);
    expect(parts).toEqual([
      { start: 0, end: 42 },
      { start: 43, end: 88 },
    ]);
    expectConsistent(answer, out.citations ?? []);
  });

  it('with sentence chunks (registered through the admin route) the answer cites the one chunk holding it', async () => {
    const put = await fetch(`${backend.url}/_evalgate/knowledge-bases/MINI_SENT`, {
      method: 'PUT',
      body: JSON.stringify({ corpusDir: CORPUS, chunking: { strategy: 'sentences', maxChars: 60 } }),
    });
    expect(put.status).toBe(200);
    const summary = await put.json();
    expect(summary).toMatchObject({
      id: 'MINI_SENT',
      documents: 6,
      chunking: { strategy: 'sentences', maxChars: 60 },
    });
    const list = (await (await fetch(`${backend.url}/_evalgate/knowledge-bases`)).json()) as Array<{
      id: string;
    }>;
    expect(list.map((k: { id: string }) => k.id)).toEqual(['MINI', 'MINI_SENT']);
    const out = await rag(
      'How often are encryption keys rotated?',
      'amazon.nova-pro-v1:0',
      {
        retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 5 } },
      },
      'MINI_SENT',
    );
    // chunk 0 = '# Encryption' + the AES sentence (59 chars), chunk 1 = the rotation sentence, chunk 2 = 'This
    // happens…': the continuation is not the next passage in the prompt, so nova-pro answers one sentence
    expect(out.output?.text).toBe('Encryption keys are rotated every 90 days.');
    expect(out.citations?.map(chunkIds)).toEqual([['storage/encryption#1']]);
    expectConsistent(out.output?.text ?? '', out.citations ?? []);
  });

  it('uses the prompt template, maxTokens, and echoes the sessionId', async () => {
    const out = await agent.send(
      new RetrieveAndGenerateCommand({
        sessionId: 'my-session-1',
        input: { text: 'How long do refunds take?' },
        retrieveAndGenerateConfiguration: {
          type: 'KNOWLEDGE_BASE',
          knowledgeBaseConfiguration: {
            knowledgeBaseId: 'MINI',
            modelArn: arn('amazon.nova-lite-v1:0'),
            generationConfiguration: {
              promptTemplate: {
                textPromptTemplate: 'Use only these passages:\n$search_results$\nQuestion: $query$',
              },
              inferenceConfig: { textInferenceConfig: { maxTokens: 5, temperature: 0 } },
            },
          },
        },
      }),
    );
    expect(out.sessionId).toBe('my-session-1');
    expect(out.output?.text).toBe('Refunds are issued w'); // maxTokens 5 → 20 characters
    expect(chunkIds(out.citations![0]!)).toEqual(['billing/refunds#0']);
  });

  it('abstains without citing anything when nothing matches', async () => {
    const out = await rag('What is the capital of France?', 'amazon.nova-lite-v1:0');
    expect(out.output?.text).toBe("I don't know based on the provided information.");
    expect(out.citations?.map(chunkIds)).toEqual([[]]);
  });

  it('counts the generation under the model id in the stats', async () => {
    backend.resetStats();
    await rag('How long do refunds take?', 'amazon.nova-micro-v1:0');
    const m = backend.stats().models['amazon.nova-micro-v1:0'];
    expect(m?.requests).toBe(1);
    expect(m?.ok).toBe(1);
    expect(m?.outputTokens).toBeGreaterThan(0);
  });

  it('errors: unknown KB, unknown model, bad type', async () => {
    await expect(rag('x', 'amazon.nova-lite-v1:0', {}, 'NOPE')).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(rag('x', 'anthropic.claude-v9')).rejects.toThrow(/model identifier .* is invalid/);
    await expect(
      agent.send(
        new RetrieveAndGenerateCommand({
          input: { text: 'x' },
          retrieveAndGenerateConfiguration: { type: 'EXTERNAL_SOURCES' },
        }),
      ),
    ).rejects.toBeInstanceOf(ValidationException);
  });

  it('a throttle fault surfaces as the SDK ThrottlingException on Retrieve and RetrieveAndGenerate', async () => {
    backend.setFaults({ latencyScale: 0, throttleRate: 1 });
    try {
      await expect(rag('How long do refunds take?', 'amazon.nova-lite-v1:0')).rejects.toBeInstanceOf(
        ThrottlingException,
      );
      await expect(
        agent.send(new RetrieveCommand({ knowledgeBaseId: 'MINI', retrievalQuery: { text: 'refunds' } })),
      ).rejects.toBeInstanceOf(ThrottlingException);
      expect(backend.stats().throttled).toBeGreaterThanOrEqual(2);
    } finally {
      backend.setFaults({ latencyScale: 0 });
    }
  });
});
