import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useLocalBackend } from './_local-backend.ts';
import { documentId } from './kb/chunks.ts';
import { retrievalConfiguration } from './kb/config.ts';
import { createTarget } from './registry.ts';
import type { TargetSpec } from './types.ts';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures');

const local = useLocalBackend();

const kbSpec = (over: Partial<TargetSpec> = {}): TargetSpec => ({
  id: 'kb',
  model: 'knowledge-base/MINI',
  api: 'kb-retrieve',
  baseDir: FIXTURES,
  knowledgeBase: { id: 'MINI', numberOfResults: 3, localCorpus: 'kb-mini' },
  ...over,
});

describe('knowledge base targets through the real BedrockAgentRuntimeClient', () => {
  it('kb-retrieve registers the local corpus once and returns ranked chunks named by document id', async () => {
    const target = createTarget(kbSpec(), local.clients);
    const [a, b] = await Promise.all([
      target.invoke({ prompt: 'How many days do I have to ask for a refund?' }, AbortSignal.timeout(10_000)),
      target.invoke({ prompt: 'How do I contact support?' }, AbortSignal.timeout(10_000)),
    ]);
    expect(a.retrieved).toHaveLength(3);
    expect(a.retrieved?.[0]?.docId).toBe('billing/refunds');
    expect(a.retrieved?.[0]?.location).toBe('s3://evalgate-local-kb-mini/billing/refunds.md');
    expect(a.retrieved?.[0]?.score).toBeGreaterThan(a.retrieved?.[2]?.score ?? 1);
    expect(b.retrieved?.[0]?.docId).toBe('support/contact');
    expect(a.text).toBeUndefined();
    expect(local.backend.knowledgeBases().map((k) => k.id)).toEqual(['MINI']);
  });

  it('kb-retrieve-and-generate returns the answer, its citations with spans, and the cited references', async () => {
    const target = createTarget(
      kbSpec({ id: 'rag', api: 'kb-retrieve-and-generate', model: 'amazon.nova-pro-v1:0' }),
      local.clients,
    );
    const r = await target.invoke(
      { prompt: 'How many days do I have to ask for a refund?', inferenceConfig: { maxTokens: 200 } },
      AbortSignal.timeout(10_000),
    );
    expect(r.text).toBeTruthy();
    expect(r.citations?.length).toBeGreaterThan(0);
    for (const c of r.citations ?? []) {
      if (c.span) expect(r.text?.slice(c.span.start, c.span.end)).toBe(c.text);
    }
    expect(r.retrieved?.map((x) => x.docId)).toContain('billing/refunds');
  });

  it('an unknown knowledge base surfaces as the SDK ResourceNotFoundException', async () => {
    const target = createTarget(kbSpec({ knowledgeBase: { id: 'NOPE' } }), local.clients);
    await expect(target.invoke({ prompt: 'x' }, AbortSignal.timeout(10_000))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

describe('knowledge base request and document ids', () => {
  it('maps the suite block to retrievalConfiguration (search type, filter, reranking ARN)', () => {
    expect(
      retrievalConfiguration(
        {
          id: 'KB',
          numberOfResults: 8,
          searchType: 'hybrid',
          filter: { equals: { key: 'area', value: 'billing' } },
          rerank: { model: 'amazon.rerank-v1:0', numberOfResults: 4 },
        },
        'us-west-2',
      ),
    ).toEqual({
      vectorSearchConfiguration: {
        numberOfResults: 8,
        overrideSearchType: 'HYBRID',
        filter: { equals: { key: 'area', value: 'billing' } },
        rerankingConfiguration: {
          type: 'BEDROCK_RERANKING_MODEL',
          bedrockRerankingConfiguration: {
            modelConfiguration: {
              modelArn: 'arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0',
            },
            numberOfRerankedResults: 4,
          },
        },
      },
    });
  });

  it('names documents by metadata key, by uri prefix, or by the uri past its bucket without extension', () => {
    expect(documentId('s3://acme-help/billing/refund-policy.md', undefined, undefined)).toBe(
      'billing/refund-policy',
    );
    expect(
      documentId('s3://acme-help/docs/billing/a.pdf', undefined, { uriPrefix: 's3://acme-help/docs/' }),
    ).toBe('billing/a');
    expect(documentId('s3://x/y.md', { doc_id: 'D-17' }, { metadataKey: 'doc_id' })).toBe('D-17');
    expect(documentId('https://wiki.example.com/pages/setup', undefined, undefined)).toBe('pages/setup');
    expect(documentId(undefined, undefined, undefined)).toBe('(unknown)');
  });
});
