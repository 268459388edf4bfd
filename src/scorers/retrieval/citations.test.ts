import { describe, expect, it } from 'vitest';
import type { Citation, Score, TargetResponse } from '../../core/types.ts';
import { ctx, kase } from '../_test-kit.ts';
import { type CitationsOptions, citationCoverage, citationsScorer } from '../citations.ts';

const QUOTE = 'Refunds are issued within 30 days of the purchase date to the original payment method.';
const labels = {
  relevant: [
    { doc: 'billing/refunds', grade: 2, quote: QUOTE },
    { doc: 'billing/invoices' },
    { doc: 'shipping/rates', grade: 1 },
    { doc: 'faq', grade: 0 },
  ],
};
const ref = (docId: string, text = 'x') => ({ docId, text });
const answer = 'Refunds take 30 days. Invoices are monthly.';
const respond = (citations?: Citation[], text = answer): TargetResponse => ({
  text,
  ...(citations ? { citations } : {}),
  timing: { latencyMs: 2 },
});
const run = (o: Omit<CitationsOptions, 'type'>, vars: Record<string, unknown>, r: TargetResponse) =>
  citationsScorer
    .create({ type: 'citations', ...o }, { baseDir: '.' })
    .score(kase(undefined, vars), r, ctx) as Score[];

describe('citations scorer', () => {
  it('precision over distinct cited docs, recall over relevant docs, quotes checked on the cited chunk', () => {
    const citations: Citation[] = [
      // "Refunds take 30 days." = [0, 21): cites refunds (chunk holds the quote) and faq (grade 0)
      {
        text: 'Refunds take 30 days.',
        span: { start: 0, end: 21 },
        references: [ref('billing/refunds', QUOTE), ref('faq')],
      },
      // "Invoices are monthly." = [22, 43): cites invoices twice (one distinct doc) and refunds off-quote
      {
        text: 'Invoices are monthly.',
        span: { start: 22, end: 43 },
        references: [ref('billing/invoices'), ref('billing/invoices'), ref('billing/refunds', 'desk hours')],
      },
    ];
    // cited: refunds (relevant: one cited chunk overlaps the quote), faq (grade 0), invoices (relevant) → 2 / 3
    // relevant: refunds, invoices, shipping/rates → cited 2 / 3; coverage: the spans hold all 37 non-space characters.
    expect(run({}, labels, respond(citations))).toEqual([
      { metric: 'citation_precision', value: 2 / 3, reason: 'not relevant: faq' },
      { metric: 'citation_recall', value: 2 / 3, reason: 'not cited: shipping/rates' },
      { metric: 'citation_coverage', value: 1 },
    ]);
  });

  it('a cited document whose chunks all miss the quote is not relevant', () => {
    const citations: Citation[] = [
      { text: 'Refunds take 30 days.', references: [ref('billing/refunds', 'desk hours')] },
    ];
    expect(run({ threshold: 0.5, passMetric: 'citation_precision' }, labels, respond(citations))).toEqual([
      { metric: 'citation_precision', value: 0, pass: false, reason: 'not relevant: billing/refunds' },
      {
        metric: 'citation_recall',
        value: 0,
        reason: 'not cited: billing/refunds, billing/invoices, shipping/rates',
      },
    ]); // no spans → no coverage
  });

  it('no citations → precision and recall 0 with a reason; nothing relevant and nothing cited → no scores', () => {
    expect(run({}, labels, respond())).toEqual([
      { metric: 'citation_precision', value: 0, reason: 'no citations' },
      { metric: 'citation_recall', value: 0, reason: 'no citations' },
    ]);
    expect(run({}, { relevant: [{ doc: 'faq', grade: 0 }] }, respond([]))).toEqual([]);
  });

  it('coverage counts non-whitespace answer characters inside spans of citations with references', () => {
    // "ab cd ef" → 6 non-space characters; span [0, 5) covers a b c d; the empty-reference citation adds nothing.
    const citations: Citation[] = [
      { text: 'ab cd', span: { start: 0, end: 5 }, references: [ref('faq')] },
      { text: 'ef', span: { start: 6, end: 8 }, references: [] },
    ];
    expect(citationCoverage('ab cd ef', citations)).toBeCloseTo(4 / 6, 12);
    expect(citationCoverage('', citations)).toBeUndefined();
    expect(citationCoverage('ab', [{ text: 'ab', references: [ref('faq')] }])).toBeUndefined();
  });

  it('names its metrics with the scorer name as prefix', () => {
    expect(citationsScorer.metrics({ type: 'citations', name: 'rag' })).toEqual([
      'rag_citation_precision',
      'rag_citation_recall',
      'rag_citation_coverage',
    ]);
  });
});
