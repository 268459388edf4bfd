import {
  BedrockAgentRuntimeClient,
  ResourceNotFoundException,
  RetrieveCommand,
  type RetrieveCommandInput,
  ValidationException,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRerankModel, rerankScores } from './models/rerank.ts';
import { startLocalBackend } from './server.ts';
import type { LocalBackend } from './types.ts';

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };
const CORPUS = new URL('../../test/fixtures/kb-mini', import.meta.url).pathname;
const _LITE = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0';
const AMAZON_RERANK = 'arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0';

let backend: LocalBackend;
let agent: BedrockAgentRuntimeClient;

beforeAll(async () => {
  backend = await startLocalBackend({
    faults: { latencyScale: 0 },
    knowledgeBases: { MINI: { corpusDir: CORPUS } },
  });
  const common = { endpoint: backend.url, region: 'us-east-1', credentials, maxAttempts: 1 };
  agent = new BedrockAgentRuntimeClient(common);
});

afterAll(async () => {
  agent.destroy();
  await backend.close();
});

function retrieve(text: string, vector: Record<string, unknown> = {}, kb = 'MINI') {
  const input = {
    knowledgeBaseId: kb,
    retrievalQuery: { text },
    retrievalConfiguration: { vectorSearchConfiguration: vector },
  } as RetrieveCommandInput;
  return agent.send(new RetrieveCommand(input));
}

const docIds = (r: { retrievalResults?: Array<{ location?: { s3Location?: { uri?: string } } }> }) =>
  (r.retrievalResults ?? []).map((x) =>
    x.location?.s3Location?.uri?.replace('s3://evalgate-local-kb-mini/', ''),
  );

describe('Retrieve (real BedrockAgentRuntimeClient)', () => {
  it('returns the default 5 results with content, S3 location, metadata and score', async () => {
    const out = await retrieve('How long do refunds take?');
    expect(out.retrievalResults).toHaveLength(5);
    const top = out.retrievalResults?.[0];
    expect(top?.content?.type).toBe('TEXT');
    expect(top?.content?.text).toBe(
      '# Refunds\n\nRefunds are issued within 14 days of a cancellation request. Annual plans are refunded pro rata for the unused months. The money goes back to the original payment method.',
    );
    expect(top?.location).toEqual({
      type: 'S3',
      s3Location: { uri: 's3://evalgate-local-kb-mini/billing/refunds.md' },
    });
    expect(top?.metadata).toEqual({
      title: 'Refund policy',
      category: 'billing',
      year: 2024,
      tags: ['refunds', 'payments'],
      'x-amz-bedrock-kb-source-uri': 's3://evalgate-local-kb-mini/billing/refunds.md',
      'x-amz-bedrock-kb-chunk-id': 'billing/refunds#0',
      'x-amz-bedrock-kb-data-source-id': 'local',
    });
    expect(top?.score).toBeGreaterThan(0.5);
    const scores = (out.retrievalResults ?? []).map((r) => r.score ?? 0);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('ranks the expected document first for several questions', async () => {
    const cases: Array<[string, string]> = [
      ['how big can a single file be', 'storage/limits.md'],
      ['is my data encrypted', 'storage/encryption.md'],
      ['account locked after failed login', 'security/passwords.txt'],
      ['download past invoices as pdf', 'billing/invoices.md'],
      ['phone support opening hours', 'support/contact.md'],
    ];
    for (const [q, doc] of cases) expect(docIds(await retrieve(q, { numberOfResults: 1 }))).toEqual([doc]);
  });

  it('filters on front matter: equals, greaterThanOrEquals, in, listContains, startsWith, andAll/orAll', async () => {
    const q = 'storage plans files';
    const f = async (filter: Record<string, unknown>) =>
      docIds(await retrieve(q, { numberOfResults: 10, filter }));
    expect(await f({ equals: { key: 'category', value: 'storage' } })).toEqual([
      'storage/limits.md',
      'storage/encryption.md',
    ]);
    expect((await f({ greaterThanOrEquals: { key: 'year', value: 2024 } })).sort()).toEqual([
      'billing/refunds.md',
      'storage/limits.md',
      'support/contact.md',
    ]);
    expect((await f({ in: { key: 'category', value: ['support', 'billing'] } })).sort()).toEqual([
      'billing/invoices.md',
      'billing/refunds.md',
      'support/contact.md',
    ]);
    expect((await f({ listContains: { key: 'tags', value: 'payments' } })).sort()).toEqual([
      'billing/invoices.md',
      'billing/refunds.md',
    ]);
    expect(
      await f({
        startsWith: { key: 'x-amz-bedrock-kb-source-uri', value: 's3://evalgate-local-kb-mini/security/' },
      }),
    ).toEqual(['security/passwords.txt']);
    expect(
      await f({
        andAll: [
          { equals: { key: 'category', value: 'storage' } },
          { lessThan: { key: 'priority', value: 2 } },
        ],
      }),
    ).toEqual(['storage/encryption.md']);
    expect(
      (
        await f({
          orAll: [
            { equals: { key: 'year', value: 2022 } },
            { stringContains: { key: 'title', value: 'voice' } },
          ],
        })
      ).sort(),
    ).toEqual(['billing/invoices.md', 'storage/encryption.md']);
    // a missing attribute passes notEquals: the .txt file has no front matter
    expect((await f({ notEquals: { key: 'category', value: 'billing' } })).sort()).toEqual([
      'security/passwords.txt',
      'storage/encryption.md',
      'storage/limits.md',
      'support/contact.md',
    ]);
  });

  it('HYBRID differs from SEMANTIC: the exact word beats the stemmed match', async () => {
    // "plans" → stem "plan": storage/limits says "plan" twice, so cosine ranks it first; only billing/refunds
    // contains the exact word "plans", so BM25 ranks it first and reciprocal rank fusion puts it on top.
    expect(docIds(await retrieve('plans', { numberOfResults: 2 }))).toEqual([
      'storage/limits.md',
      'billing/refunds.md',
    ]);
    const hybrid = await retrieve('plans', { numberOfResults: 2, overrideSearchType: 'HYBRID' });
    expect(docIds(hybrid)).toEqual(['billing/refunds.md', 'storage/limits.md']);
    // refunds: semantic rank 2 + BM25 rank 1 → (1/62 + 1/61) / (2/61); limits: semantic rank 1 only → 0.5
    expect(hybrid.retrievalResults?.[0]?.score).toBeCloseTo((1 / 62 + 1 / 61) / (2 / 61), 10);
    expect(hybrid.retrievalResults?.[1]?.score).toBeCloseTo(0.5, 10);
  });

  it('reranks the candidates with the local reranker and cuts to numberOfRerankedResults', async () => {
    const rerankingConfiguration = {
      type: 'BEDROCK_RERANKING_MODEL',
      bedrockRerankingConfiguration: {
        modelConfiguration: { modelArn: AMAZON_RERANK },
        numberOfRerankedResults: 2,
      },
    };
    const vector = { numberOfResults: 6, overrideSearchType: 'HYBRID' };
    const plain = await retrieve('plans', vector);
    expect(docIds(plain).slice(0, 2)).toEqual(['billing/refunds.md', 'storage/limits.md']);
    const out = await retrieve('plans', { ...vector, rerankingConfiguration });
    // the reranker stems ("plans" = "plan"), so the document saying "plan" twice wins over the exact match
    expect(docIds(out)).toEqual(['storage/limits.md', 'billing/refunds.md']);
    const texts = (plain.retrievalResults ?? []).map((r) => r.content?.text ?? '');
    const expected = rerankScores(getRerankModel('amazon.rerank-v1:0')!, 'plans', texts);
    expect(out.retrievalResults?.map((r) => r.score)).toEqual([expected[1], expected[0]]);
    expect(expected[1]).toBeGreaterThan(expected[0] ?? 1);
  });

  it('unknown knowledge base → ResourceNotFoundException; bad filter → ValidationException', async () => {
    await expect(retrieve('x', {}, 'NOPE')).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(retrieve('x', { filter: { equals: { key: 'a' } } })).rejects.toBeInstanceOf(
      ValidationException,
    );
    await expect(retrieve('x', { numberOfResults: 0 })).rejects.toThrow(/numberOfResults must be an integer/);
  });
});
