import {
  ValidationException as AgentValidationException,
  BedrockAgentRuntimeClient,
  RerankCommand,
  type RerankCommandInput,
} from '@aws-sdk/client-bedrock-agent-runtime';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  InvokeModelCommand,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine, hashedEmbedding } from '../textkit/index.ts';
import { startLocalBackend } from './server.ts';
import type { LocalBackend } from './types.ts';

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };

let backend: LocalBackend;
let runtime: BedrockRuntimeClient;
let agent: BedrockAgentRuntimeClient;

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  const common = { endpoint: backend.url, region: 'us-east-1', credentials, maxAttempts: 1 };
  runtime = new BedrockRuntimeClient(common);
  agent = new BedrockAgentRuntimeClient(common);
});

afterAll(async () => {
  runtime.destroy();
  agent.destroy();
  await backend.close();
});

async function invoke(modelId: string, body: unknown) {
  const out = await runtime.send(
    new InvokeModelCommand({ modelId, body: JSON.stringify(body), contentType: 'application/json' }),
  );
  return JSON.parse(new TextDecoder().decode(out.body));
}

describe('embeddings through InvokeModel (real BedrockRuntimeClient)', () => {
  it('Titan Text Embeddings V2: dimensions, unit norm, token count, embeddingsByType', async () => {
    backend.resetStats();
    const text = 'Refunds are issued within 14 days.'; // 34 chars → 9 tokens
    const out = await invoke('amazon.titan-embed-text-v2:0', { inputText: text, dimensions: 256 });
    expect(out.embedding).toHaveLength(256);
    expect(out.inputTextTokenCount).toBe(9);
    expect(out.embeddingsByType.float).toEqual(out.embedding);
    const expected = Array.from(hashedEmbedding(text, 256));
    expect(out.embedding).toEqual(expected);
    expect(Math.hypot(...out.embedding)).toBeCloseTo(1, 6);
    const both = await invoke('amazon.titan-embed-text-v2:0', {
      inputText: text,
      embeddingTypes: ['binary', 'float'],
    });
    expect(both.embedding).toHaveLength(1024);
    expect(both.embeddingsByType.binary).toEqual(both.embedding.map((x: number) => (x > 0 ? 1 : 0)));
    expect(backend.stats().models['amazon.titan-embed-text-v2:0']).toMatchObject({
      requests: 2,
      ok: 2,
      inputTokens: 18,
    });
  });

  it('Cohere Embed v3: one vector per text, embeddings_floats vs embeddings_by_type', async () => {
    const texts = ['How long do refunds take?', 'Refunds are issued within 14 days.', 'zebra savanna'];
    const out = await invoke('cohere.embed-english-v3', { texts, input_type: 'search_document' });
    expect(out.response_type).toBe('embeddings_floats');
    expect(out.texts).toEqual(texts);
    expect(out.embeddings).toHaveLength(3);
    expect(out.embeddings[0]).toHaveLength(1024);
    expect(cosine(out.embeddings[0], out.embeddings[1])).toBeGreaterThan(
      cosine(out.embeddings[0], out.embeddings[2]),
    );
    const typed = await invoke('cohere.embed-multilingual-v3', {
      texts: ['a b'],
      input_type: 'search_query',
      embedding_types: ['float'],
    });
    expect(typed.response_type).toBe('embeddings_by_type');
    expect(typed.embeddings.float[0]).toEqual(Array.from(hashedEmbedding('a b', 1024)));
  });

  it('Cohere truncate: NONE rejects texts over 2048 characters, END keeps the first 2048', async () => {
    const long = 'word '.repeat(500); // 2500 chars
    await expect(
      invoke('cohere.embed-english-v3', { texts: [long], input_type: 'search_document' }),
    ).rejects.toThrow(/longer than 2048 characters/);
    const out = await invoke('cohere.embed-english-v3', {
      texts: [long],
      input_type: 'search_document',
      truncate: 'END',
    });
    expect(out.texts[0]).toHaveLength(2048);
  });

  it('bad bodies and unsupported APIs answer ValidationException', async () => {
    await expect(
      invoke('amazon.titan-embed-text-v2:0', { inputText: 'x', dimensions: 300 }),
    ).rejects.toBeInstanceOf(ValidationException);
    await expect(invoke('cohere.embed-english-v3', { texts: ['x'] })).rejects.toThrow(
      /input_type must be one of/,
    );
    await expect(
      runtime.send(
        new ConverseCommand({
          modelId: 'amazon.titan-embed-text-v2:0',
          messages: [{ role: 'user', content: [{ text: 'hi' }] }],
        }),
      ),
    ).rejects.toThrow(/embedding model/);
  });
});

describe('Rerank API (real BedrockAgentRuntimeClient)', () => {
  const input = (modelId: string, numberOfResults?: number): RerankCommandInput => ({
    queries: [{ type: 'TEXT', textQuery: { text: 'refund policy' } }],
    sources: [
      { type: 'INLINE', inlineDocumentSource: { type: 'TEXT', textDocument: { text: 'policy' } } },
      {
        type: 'INLINE',
        inlineDocumentSource: { type: 'TEXT', textDocument: { text: 'refund policy details' } },
      },
      { type: 'INLINE', inlineDocumentSource: { type: 'JSON', jsonDocument: { title: 'zebra' } } },
    ],
    rerankingConfiguration: {
      type: 'BEDROCK_RERANKING_MODEL',
      bedrockRerankingConfiguration: {
        modelConfiguration: { modelArn: `arn:aws:bedrock:us-west-2::foundation-model/${modelId}` },
        ...(numberOfResults ? { numberOfResults } : {}),
      },
    },
  });

  // Terms (stopwords out, light stemming): d0 [policy], d1 [refund, policy, detail], d2 (JSON text) [title, zebra];
  // N = 3, avgdl = 2. idf(refund) = ln(1 + 2.5/1.5) = 0.980829, idf(policy) = ln(1 + 1.5/2.5) = 0.470004.
  // d1: BM25 = 1.450833 · 2.2/(1 + 1.2(0.25 + 0.75·3/2)) = 1.204466 → squash 1.204466/3.204466 = 0.375868;
  //     amazon = 0.8 · 0.375868 + 0.2 · 1 (bigram "refund policy") = 0.500695; cohere = 0.5 · 0.375868 + 0.3 + 0.2
  // d0: BM25 = 0.470004 · 2.2/1.75 = 0.590862 → squash 0.228056; amazon = 0.8 · 0.228056 = 0.182445
  it('sorts by relevance with hand-computed scores', async () => {
    const out = await agent.send(new RerankCommand(input('amazon.rerank-v1:0')));
    expect(out.results?.map((r) => r.index)).toEqual([1, 0, 2]);
    expect(out.results?.[0]?.relevanceScore).toBeCloseTo(0.500695, 5);
    expect(out.results?.[1]?.relevanceScore).toBeCloseTo(0.182445, 5);
    expect(out.results?.[2]?.relevanceScore).toBe(0);
    expect(out.results?.[0]?.document?.textDocument?.text).toBe('refund policy details');
    const cohere = await agent.send(new RerankCommand(input('cohere.rerank-v3-5:0', 1)));
    expect(cohere.results).toHaveLength(1);
    expect(cohere.results?.[0]?.relevanceScore).toBeCloseTo(0.687934, 5);
  });

  it('an unknown reranker is a ValidationException', async () => {
    await expect(agent.send(new RerankCommand(input('acme.rerank-v9')))).rejects.toBeInstanceOf(
      AgentValidationException,
    );
  });
});
