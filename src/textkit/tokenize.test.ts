import { describe, expect, it } from 'vitest';
import { contentTokens, STOPWORDS, stemLight, tokenize } from './tokenize.ts';

describe('tokenize', () => {
  it('lower-cases runs of letters and digits and keeps numbers whole', () => {
    expect(tokenize('The 2TB plan costs $9.99/mo — 1,000 users, v2.0 at 10.0.0.1.')).toEqual([
      'the',
      '2tb',
      'plan',
      'costs',
      '9.99',
      'mo',
      '1000',
      'users',
      'v2.0',
      'at',
      '10.0.0.1',
    ]);
  });

  it('drops in-word apostrophes, splits hyphens and punctuation, keeps Unicode letters', () => {
    expect(tokenize("Don't re-open the café’s Straße account (東京).")).toEqual([
      'dont',
      're',
      'open',
      'the',
      'cafés',
      'straße',
      'account',
      '東京',
    ]);
  });

  it('treats a comma list of digits as separate numbers and ends a number at a full stop', () => {
    expect(tokenize('Options 1,2,3 or 12,34. It costs 5.')).toEqual([
      'options',
      '1',
      '2',
      '3',
      'or',
      '12',
      '34',
      'it',
      'costs',
      '5',
    ]);
  });

  it('contentTokens removes stopwords; STOPWORDS is a small English list', () => {
    expect(contentTokens('What is the refund policy for a cancelled order?')).toEqual([
      'refund',
      'policy',
      'cancelled',
      'order',
    ]);
    expect(STOPWORDS.has('the')).toBe(true);
    expect(STOPWORDS.has('refund')).toBe(false);
    expect(STOPWORDS.size).toBeLessThan(200);
  });

  it('stemLight strips plurals and -ing/-ed only', () => {
    expect(
      ['refunds', 'policies', 'classes', 'status', 'analysis', 'charging', 'cancelled', 'used', '2tbs'].map(
        stemLight,
      ),
    ).toEqual(['refund', 'policy', 'class', 'status', 'analysis', 'charg', 'cancell', 'used', '2tbs']);
  });
});
