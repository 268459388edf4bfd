import { describe, expect, it } from 'vitest';
import type { RetrievedChunk, Score, TargetResponse } from '../../core/types.ts';
import { ctx, kase } from '../_test-kit.ts';
import { createScorers } from '../registry.ts';
import { type RetrievalOptions, retrievalScorer } from '../retrieval.ts';
import { judgeChunks, overlapsQuote } from './judge-chunks.ts';

const got = (retrieved?: RetrievedChunk[]): TargetResponse => ({
  ...(retrieved ? { retrieved } : {}),
  timing: { latencyMs: 3 },
});
const score = (o: Omit<RetrievalOptions, 'type'>, vars: Record<string, unknown>, r: TargetResponse) =>
  retrievalScorer
    .create({ type: 'retrieval', ...o }, { baseDir: '.' })
    .score(kase(undefined, vars), r, ctx) as Score[];
const values = (scores: Score[]) => Object.fromEntries(scores.map((s) => [s.metric, s.value]));
const chunk = (docId: string, text: string, s?: number): RetrievedChunk =>
  s === undefined ? { docId, text } : { docId, text, score: s };

const QUOTE = 'Refunds are issued within 30 days of the purchase date to the original payment method.';

describe('chunk → document rule', () => {
  it('overlap = a common substring of min(30, quote length) normalised characters', () => {
    const q = 'abcdefghijklmnopqrstuvwxyz0123456789'; // 36 characters → 30 needed
    expect(overlapsQuote(`xx ${q.slice(0, 30)} yy`, q)).toBe(true); // exactly 30 shared
    expect(overlapsQuote(`xx ${q.slice(0, 29)} yy`, q)).toBe(false); // 29 shared
    expect(overlapsQuote('Refunds   ARE\nissued within 30 DAYS of the purchase', QUOTE)).toBe(true);
    expect(overlapsQuote('within 30 days', '30 Days')).toBe(true); // short quote: all of it
    expect(overlapsQuote('within 30 day', '30 days')).toBe(false);
  });

  it('scores rank by trec order (ties by docId descending); a document counts once at its best chunk', () => {
    const j = judgeChunks(
      [
        chunk('billing/invoices', 'inv 2', 0.3),
        chunk('billing/refunds', 'ref 1', 0.9),
        chunk('billing/invoices', 'inv 1', 0.8),
        chunk('faq', 'faq', 0.8),
        chunk('billing/refunds', 'ref 2', 0.85),
      ],
      [
        { doc: 'billing/refunds', grade: 2 },
        { doc: 'billing/invoices', grade: 1 },
      ],
    );
    // 0.9 refunds, 0.85 refunds (dropped), 0.8 tie: "faq" > "billing/invoices" → faq first, 0.3 invoices (dropped)
    expect(j.entries).toEqual([
      { docId: 'billing/refunds', rel: 2, chunk: 1 },
      { docId: 'faq', chunk: 3 },
      { docId: 'billing/invoices', rel: 1, chunk: 2 },
    ]);
  });

  it('a chunk missing its document quote is a nonrelevant entry; the document is credited at the first overlap', () => {
    const j = judgeChunks(
      [
        chunk('billing/refunds', 'Our refund team is based in Dublin.', 0.9),
        chunk('billing/refunds', 'We also answer by phone.', 0.88),
        chunk('billing/refunds', `Policy: ${QUOTE.toUpperCase()}`, 0.85),
        chunk('billing/invoices', 'Invoices are monthly.', 0.5),
      ],
      [
        { doc: 'billing/refunds', grade: 2, quote: QUOTE },
        {
          doc: 'billing/invoices',
          grade: 1,
          quote: 'Invoices are emailed on the first business day of each month.',
        },
      ],
    );
    expect(j.ranked).toEqual([
      'billing/refunds#quote-miss',
      'billing/refunds',
      'billing/invoices#quote-miss',
    ]);
    expect([...j.qrels]).toEqual([
      ['billing/refunds', 2],
      ['billing/invoices', 1],
    ]);
  });

  it('without a score on every chunk the given order is kept', () => {
    const j = judgeChunks(
      [chunk('a', 'x', 0.1), chunk('b', 'y'), chunk('c', 'z', 0.9)],
      [{ doc: 'c', grade: 1 }],
    );
    expect(j.ranked).toEqual(['a', 'b', 'c']);
  });
});

describe('retrieval scorer', () => {
  const labels = {
    relevant: [
      { doc: 'billing/refunds', grade: 2 },
      { doc: 'billing/invoices' },
      { doc: 'shipping/rates', grade: 1 },
    ],
  };
  const several = got([
    chunk('billing/refunds', 'r1', 0.9),
    chunk('billing/refunds', 'r2', 0.85),
    chunk('faq', 'f', 0.8),
    chunk('billing/invoices', 'i', 0.8),
  ]);

  it('emits every metric at every K with trec_eval values', () => {
    // ranked refunds(2), faq(-), invoices(1); num_rel 3 (shipping/rates never retrieved).
    const scores = score({}, labels, several);
    expect(scores.map((s) => s.metric)).toEqual(retrievalScorer.metrics({ type: 'retrieval' }));
    const v = values(scores);
    expect(v['precision@1']).toBe(1);
    expect(v['precision@3']).toBeCloseTo(2 / 3, 12);
    expect(v['precision@5']).toBe(0.4); // 2 / 5: K past the end of the list
    expect(v['precision@10']).toBe(0.2);
    expect(v['recall@1']).toBeCloseTo(1 / 3, 12);
    expect(v['recall@3']).toBeCloseTo(2 / 3, 12);
    expect(v['hit_rate@1']).toBe(1);
    expect(v['ndcg@1']).toBe(1); // 2 / 2
    // DCG@3 = 2 + 0 + 1/log2 4 = 2.5; IDCG@3 over [2, 1, 1] = 2 + 1/log2 3 + 1/log2 4 = 3.130930 → 0.798485
    expect(v['ndcg@3']).toBeCloseTo(0.798485, 6);
    expect(v.mrr).toBe(1);
    expect(v.map).toBeCloseTo((1 + 2 / 3) / 3, 12); // 0.555556
    expect(scores[0]?.details).toEqual({
      ranked: [
        { doc: 'billing/refunds', rel: 2, chunk: 0 },
        { doc: 'faq', rel: null, chunk: 2 },
        { doc: 'billing/invoices', rel: 1, chunk: 3 },
      ],
      retrievedChunks: 4,
      relevantDocs: 3,
    });
  });

  it('quotes decide which chunks count: nDCG and MAP drop when the first chunk misses the evidence', () => {
    const vars = {
      relevant: [{ doc: 'billing/refunds', grade: 2, quote: QUOTE }, { doc: 'billing/invoices' }],
    };
    const r = got([
      chunk('billing/refunds', 'Refund desk opening hours', 0.9),
      chunk('billing/refunds', QUOTE, 0.85),
      chunk('billing/invoices', 'i', 0.8),
    ]);
    // ranked [refunds#quote-miss, refunds(2), invoices(1)]
    // nDCG@3 = (2/log2 3 + 1/log2 4) / (2 + 1/log2 3) = 1.761860 / 2.630930 = 0.669672; AP = (1/2 + 2/3) / 2
    const v = values(score({ k: [3], metrics: ['ndcg', 'map', 'mrr'] }, vars, r));
    expect(v).toEqual({ 'ndcg@3': expect.closeTo(0.669672, 6), map: expect.closeTo(0.583333, 6), mrr: 0.5 });
  });

  it('threshold + passMetric mark pass on that metric only; a name prefixes the metrics', () => {
    const scores = score(
      { name: 'kb', k: [5], metrics: ['recall'], threshold: 0.6, passMetric: 'kb_recall@5' },
      labels,
      several,
    );
    expect(scores).toMatchObject([{ metric: 'kb_recall@5', value: expect.closeTo(2 / 3, 12), pass: true }]);
    expect(() =>
      createScorers([{ type: 'retrieval', k: [5], threshold: 0.5, passMetric: 'recall@10' }], {
        baseDir: '.',
      }),
    ).toThrow('scorers[0].passMetric: "recall@10" is not emitted');
    expect(() => createScorers([{ type: 'retrieval', threshold: 0.5 }], { baseDir: '.' })).toThrow(
      'scorers[0].passMetric: give threshold and passMetric together',
    );
  });

  it('no retrieved chunks → every metric 0 with a reason', () => {
    const scores = score({ k: [1], metrics: ['precision', 'mrr'] }, labels, got());
    expect(scores).toEqual([
      { metric: 'precision@1', value: 0, reason: 'the response has no retrieved chunks' },
      { metric: 'mrr', value: 0, reason: 'the response has no retrieved chunks' },
    ]);
  });

  it('labels: missing → one error naming the case; empty → no scores (trec_eval skips it); all grade 0 → zeros', () => {
    expect(() => score({}, {}, several)).toThrow(
      'd.csv row 1 (case c1): expected relevance labels in "relevant", found none',
    );
    expect(() => score({}, { relevant: [{ grade: 1 }] }, several)).toThrow('label [0]: expected "doc"');
    expect(score({}, { relevant: [] }, several)).toEqual([]);
    const zeros = score(
      { k: [1], metrics: ['precision'] },
      { relevant: [{ doc: 'faq', grade: 0 }] },
      several,
    );
    expect(zeros).toMatchObject([
      { metric: 'precision@1', value: 0, reason: expect.stringMatching(/all grade 0/) },
    ]);
  });

  it('accepts labels as a JSON string (a CSV cell) and bare doc ids', () => {
    const v = values(score({ k: [1], metrics: ['precision'] }, { relevant: '["billing/refunds"]' }, several));
    expect(v['precision@1']).toBe(1);
  });
});
