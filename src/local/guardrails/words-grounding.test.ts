import { describe, expect, it } from 'vitest';
import { evaluateGrounding, groundingScore, relevanceScore } from './grounding.ts';
import { findCustomWords, findProfanity } from './words.ts';

describe('word filters', () => {
  const words = [
    { text: 'Project Falcon' },
    { text: 'blackbox-admin' },
    { text: 'vault master key', outputAction: 'NONE' as const },
  ];
  it('matches whole words and phrases case-insensitively', () => {
    expect(findCustomWords(words, 'INPUT', 'what is project  falcon? ask BLACKBOX-ADMIN')).toEqual([
      { match: 'Project Falcon', action: 'BLOCKED', detected: true },
      { match: 'blackbox-admin', action: 'BLOCKED', detected: true },
    ]);
    expect(findCustomWords(words, 'INPUT', 'The Project Falconer and blackbox-administrator')).toEqual([]);
    expect(findCustomWords(words, 'OUTPUT', 'the Vault Master Key')).toEqual([
      { match: 'vault master key', action: 'NONE', detected: true },
    ]);
  });
  it('finds managed profanity as whole words only, each once', () => {
    expect(findProfanity('This shit is damn slow, shit!', true).map((m) => m.match)).toEqual([
      'shit',
      'damn',
    ]);
    expect(findProfanity('Scunthorpe, Amsterdam, Dickens, assessment, cocktail', true)).toEqual([]);
  });
});

describe('contextual grounding', () => {
  const source = 'Refunds are issued within 14 days of a cancellation request.';
  const query = 'How long do refunds take?';
  it('grounding = weighted share of answer words supported by source ∪ query (numbers weigh 2)', () => {
    // answer words: refund, issu, within, 30, day → supported 1+1+1+1 of 1+1+1+2+1 → 4/6
    expect(groundingScore('Refunds are issued within 30 days.', source, query)).toBe(0.67);
    expect(groundingScore('Refunds are issued within 14 days.', source, query)).toBe(1);
    // "take" comes from the query: 'Refunds take 14 days' is fully supported
    expect(groundingScore('Refunds take 14 days.', source, query)).toBe(1);
  });
  it('relevance = share of the query words (minus scaffolding) found in the answer', () => {
    expect(relevanceScore('Our office is open Monday to Friday.', 'How do I reset my password?')).toBe(0);
    expect(relevanceScore('Open Settings and choose Reset password.', 'How do I reset my password?')).toBe(1);
    expect(relevanceScore('Refunds are issued within 14 days.', query)).toBe(1);
    // the answer shares ≥ 2 words with a source sentence that holds the query's words
    const src = 'When a card payment fails, we retry the charge 3 times over 10 days.';
    expect(
      relevanceScore('We retry the charge 3 times over 10 days.', 'What happens if my card payment fails?'),
    ).toBe(0);
    expect(
      relevanceScore(
        'We retry the charge 3 times over 10 days.',
        'What happens if my card payment fails?',
        src,
      ),
    ).toBe(1);
  });
  it('blocks below each threshold; a filter without its input is skipped', () => {
    const filters = [
      { type: 'GROUNDING' as const, threshold: 0.7 },
      { type: 'RELEVANCE' as const, threshold: 0.5 },
    ];
    expect(evaluateGrounding(filters, 'Refunds are issued within 30 days.', source, query)).toEqual([
      { type: 'GROUNDING', threshold: 0.7, score: 0.67, action: 'BLOCKED', detected: true },
      { type: 'RELEVANCE', threshold: 0.5, score: 1, action: 'NONE', detected: false },
    ]);
    expect(evaluateGrounding(filters, 'anything', undefined, undefined)).toEqual([]);
  });
});
