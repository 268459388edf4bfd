import { describe, expect, it } from 'vitest';
import {
  BIGRAM_WEIGHT,
  COMMON_WORD_WEIGHT,
  cosine,
  embeddingFeatures,
  hashedEmbedding,
} from './embedding.ts';
import { fnv1a } from './fnv.ts';

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((a, x) => a + x * x, 0));
}

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});

describe('embeddingFeatures', () => {
  it('weights content words 1, stopwords 0.1, bigrams of content words 0.5, with sublinear tf', () => {
    const f = embeddingFeatures('The price of the plans, the price!');
    expect(Object.fromEntries(f)).toEqual({
      the: COMMON_WORD_WEIGHT * (1 + Math.log(3)),
      price: 1 + Math.log(2),
      of: COMMON_WORD_WEIGHT,
      plan: 1,
      'price plan': BIGRAM_WEIGHT,
      'plan price': BIGRAM_WEIGHT,
    });
  });
});

describe('hashedEmbedding', () => {
  it('has the requested dims and unit norm', () => {
    for (const dims of [1, 256, 1024]) {
      const v = hashedEmbedding('Refunds are issued within 30 days.', dims);
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(dims);
      expect(norm(v)).toBeCloseTo(1, 6);
    }
  });

  it('one word → a single ±1 in bucket fnv1a(word) mod dims', () => {
    const v = hashedEmbedding('Foobar', 1024);
    const bucket = 0xbf9cf968 % 1024;
    expect(Math.abs(v[bucket] ?? 0)).toBe(1);
    expect(v.filter((x) => x !== 0).length).toBe(1);
  });

  it('same text → cosine 1; same words in another case/punctuation → cosine 1', () => {
    const a = hashedEmbedding('How long do refunds take?', 512);
    expect(cosine(a, hashedEmbedding('How long do refunds take?', 512))).toBeCloseTo(1, 6);
    expect(cosine(a, hashedEmbedding('how LONG do refund take', 512))).toBeCloseTo(1, 6);
  });

  it('disjoint vocabulary → cosine ≈ 0; shared words → clearly positive', () => {
    const a = hashedEmbedding('refund policy for annual subscriptions', 1024);
    const b = hashedEmbedding('zebra giraffe savanna migration', 1024);
    expect(Math.abs(cosine(a, b))).toBeLessThan(0.05);
    const c = hashedEmbedding('annual subscriptions refund rules', 1024);
    expect(cosine(a, c)).toBeGreaterThan(0.5);
  });

  it('stopwords barely move the vector', () => {
    const a = hashedEmbedding('refund policy', 1024);
    expect(cosine(a, hashedEmbedding('what is the refund policy', 1024))).toBeGreaterThan(0.97);
  });

  it('empty text → zero vector, cosine 0; mismatched lengths throw', () => {
    const z = hashedEmbedding('  ...  ', 8);
    expect([...z]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(cosine(z, hashedEmbedding('x', 8))).toBe(0);
    expect(() => cosine(new Float32Array(2), new Float32Array(3))).toThrow('length 2 != 3');
    expect(() => hashedEmbedding('x', 0)).toThrow('dims must be an integer >= 1');
  });

  it('cosine on plain arrays: hand-computed', () => {
    expect(cosine([1, 2, 2], [2, 0, 1])).toBeCloseTo(4 / (3 * Math.sqrt(5)), 12);
  });
});
