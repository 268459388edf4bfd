import { describe, expect, it } from 'vitest';
import { getRerankModel, modelIdFromArn, rerankScores } from './rerank.ts';

describe('local rerank models', () => {
  // q = [refund, policy]; d0 = [refund, policy, detail] (|d| 3), d1 = [policy] (|d| 1); N = 2, avgdl = 2
  // idf(refund) = ln(1 + 1.5/1.5) = ln 2 = 0.693147; idf(policy) = ln(1 + 0.5/2.5) = ln 1.2 = 0.182322
  // d0: BM25 = 0.875469 · 2.2/(1 + 1.65) = 0.726805 → squash 0.726805/2.726805 = 0.266541; coverage 1; bigrams 1
  // d1: BM25 = 0.182322 · 2.2/(1 + 0.75) = 0.229205 → squash 0.102819; coverage 0.5; bigrams 0
  const docs = ['Refund policy details.', 'Policy'];

  it('amazon.rerank-v1:0 = 0.8 · squash + 0.2 · bigrams', () => {
    const [a, b] = rerankScores(getRerankModel('amazon.rerank-v1:0')!, 'What is the refund policy?', docs);
    expect(a).toBeCloseTo(0.8 * 0.266541 + 0.2, 5);
    expect(b).toBeCloseTo(0.8 * 0.102819, 5);
  });

  it('cohere.rerank-v3-5:0 = 0.5 · squash + 0.3 · coverage + 0.2 · bigrams', () => {
    const [a, b] = rerankScores(getRerankModel('cohere.rerank-v3-5:0')!, 'refund policy', docs);
    expect(a).toBeCloseTo(0.5 * 0.266541 + 0.3 + 0.2, 5);
    expect(b).toBeCloseTo(0.5 * 0.102819 + 0.15, 5);
  });

  it('scores are 0 without shared terms and stay below 1', () => {
    const s = rerankScores(getRerankModel('amazon.rerank-v1:0')!, 'refund policy', [
      'zebra',
      'refund policy '.repeat(50),
    ]);
    expect(s[0]).toBe(0);
    expect(s[1]).toBeLessThan(1);
  });

  it('resolves model ARNs, inference profiles and bare ids', () => {
    expect(modelIdFromArn('arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0')).toBe(
      'amazon.rerank-v1:0',
    );
    expect(getRerankModel('arn:aws:bedrock:us-west-2::foundation-model/cohere.rerank-v3-5:0')?.id).toBe(
      'cohere.rerank-v3-5:0',
    );
    expect(getRerankModel('amazon.rerank-v1:0')?.id).toBe('amazon.rerank-v1:0');
    expect(getRerankModel('amazon.nova-lite-v1:0')).toBeUndefined();
  });
});
