import { describe, expect, it } from 'vitest';
import type { Hit, KbChunk } from './knowledge-base.ts';
import { buildCitations, buildRagInput, supports } from './rag.ts';

function hit(chunkId: string, text: string): Hit {
  const chunk: KbChunk = {
    index: 0,
    chunkId,
    docId: chunkId.split('#')[0]!,
    path: `${chunkId.split('#')[0]}.md`,
    uri: `s3://evalgate-local-kb-kb/${chunkId.split('#')[0]}.md`,
    text,
    start: 0,
    end: text.length,
    metadata: { 'x-amz-bedrock-kb-chunk-id': chunkId },
  };
  return { chunk, score: 0.9 };
}

const A = hit('a#0', 'Refunds are issued within 14 days.\nThey go back to the card.');
const B = hit('b#0', 'Annual plans are refunded pro rata for unused months.');

describe('citations', () => {
  it('supports: verbatim containment (whitespace and case folded) or >= 60 % of the sentence terms', () => {
    expect(supports('refunds are issued  within 14 days.', A.chunk.text)).toBe(true);
    // sentence terms {refund, annual, plan, monthly}; B has refund (refunded), annual, plan (plans): 3/4 >= 0.6
    expect(supports('Refunds for annual plans are monthly.', B.chunk.text)).toBe(true);
    // {refund, card, weekly, cash, fee}: only refund and card are in A: 2/5 < 0.6
    expect(supports('Refund to card, weekly cash fee.', A.chunk.text)).toBe(false);
    expect(supports('...', A.chunk.text)).toBe(false);
  });

  it('one citation per sentence with [start, end) spans, citing every supporting chunk in retrieval order', () => {
    const answer = 'Refunds are issued within 14 days. Annual plans are refunded pro rata for unused months.';
    const c = buildCitations(answer, [A, B], false);
    expect(c.map((x) => x.generatedResponsePart.textResponsePart)).toEqual([
      { text: 'Refunds are issued within 14 days.', span: { start: 0, end: 34 } },
      { text: 'Annual plans are refunded pro rata for unused months.', span: { start: 35, end: 88 } },
    ]);
    expect(c.map((x) => x.retrievedReferences.map((r) => r.metadata['x-amz-bedrock-kb-chunk-id']))).toEqual([
      ['a#0'],
      ['b#0'],
    ]);
    expect(c[0]?.retrievedReferences[0]).toEqual({
      content: { text: A.chunk.text, type: 'TEXT' },
      location: { type: 'S3', s3Location: { uri: 's3://evalgate-local-kb-kb/a.md' } },
      metadata: { 'x-amz-bedrock-kb-chunk-id': 'a#0' },
    });
  });

  it('an abstention cites nothing', () => {
    const c = buildCitations("I don't know based on the provided information.", [A], true);
    expect(c).toHaveLength(1);
    expect(c[0]?.retrievedReferences).toEqual([]);
  });
});

describe('buildRagInput', () => {
  it('default template = passages, then the question line; inference settings carried over', () => {
    const input = buildRagInput('How long?', [A, B], {
      modelArn: 'x',
      maxTokens: 50,
      stopSequences: ['END'],
    });
    expect(input.messages).toEqual([
      { role: 'user', text: `${A.chunk.text}\n\n${B.chunk.text}\n\nQuestion: How long?` },
    ]);
    expect(input.maxTokens).toBe(50);
    expect(input.stopSequences).toEqual(['END']);
  });

  it('a template has $search_results$ filled, $query$ and $output_format_instructions$ removed', () => {
    const input = buildRagInput('How long?', [A], {
      modelArn: 'x',
      promptTemplate: 'Passages:\n$search_results$\n$output_format_instructions$\nQuestion: $query$',
    });
    expect(input.messages[0]?.text).toBe(`Passages:\n${A.chunk.text}\n\nQuestion:\n\nQuestion: How long?`);
  });
});
