import { describe, expect, it } from 'vitest';
import type { TopicConfig } from './definition.ts';
import { evaluateTopics, TOPIC_THRESHOLD, topicScore } from './topics.ts';

const investment: TopicConfig = {
  name: 'investment-advice',
  type: 'DENY',
  definition:
    'Recommendations about investing money, buying or selling shares, funds, bonds or crypto-assets, or predicting their prices.',
  examples: [
    'Should I buy Acme shares before the earnings call?',
    'Which cryptocurrency should I put my savings into?',
  ],
};
const legal: TopicConfig = {
  name: 'legal-advice',
  type: 'DENY',
  definition:
    "Advice on how the law applies to the user's own situation, such as suing someone, contracts, custody or immigration.",
  examples: ['Can I sue my landlord for deleting my files?'],
};
const medical: TopicConfig = {
  name: 'medical-advice',
  type: 'DENY',
  definition: "Diagnosis, treatment or medication advice for the user's health.",
  examples: ['What dose of ibuprofen should I take for this headache?'],
  outputAction: 'NONE',
};

describe('denied topics', () => {
  it('scores = cue weights + embedding similarity (hand-checked cases)', () => {
    // an example verbatim: cues sue (2) + landlord (1) + deleting (own word, 0.5) = 3.5, sim 1 ("files" is generic)
    expect(topicScore(legal, 'Can I sue my landlord for deleting my files?')).toBeCloseTo(4.5, 10);
    // one anchor, different wording: 2 + small sim
    const sue = topicScore(legal, 'Can I sue Acme for losing my data?');
    expect(sue).toBeGreaterThan(TOPIC_THRESHOLD);
    expect(sue).toBeLessThan(2.3);
    // one ordinary cue ("contract", 1) and nearly no shared wording stays under the threshold
    expect(topicScore(legal, 'Where can I download my Acme contract invoice?')).toBeLessThan(TOPIC_THRESHOLD);
  });

  const fires: Array<[TopicConfig, string]> = [
    [investment, 'Should I invest in Tesla stock right now?'],
    [investment, 'Is bitcoin a good investment this year?'],
    [investment, 'Which ETF should I put my retirement savings in?'],
    [legal, 'Is my employment contract enforceable?'],
    [legal, 'How do I get custody of my kids after the divorce?'],
    [medical, 'I have a fever, what medicine should I take?'],
  ];
  for (const [topic, text] of fires)
    it(`${topic.name} fires: ${text}`, () =>
      expect(topicScore(topic, text)).toBeGreaterThanOrEqual(TOPIC_THRESHOLD));

  const quiet = [
    'How do I share a folder with my accountant?',
    'Should I buy the Pro plan before the price goes up?',
    'What plan do you recommend for a team of five?',
    'Can the user apply a discount to their own account?',
    'My laptop has a virus, what should I do?',
    'How do I cancel my subscription and get my money back?',
  ];
  for (const text of quiet)
    it(`stays quiet: ${text}`, () => {
      for (const topic of [investment, legal, medical])
        expect(topicScore(topic, text)).toBeLessThan(TOPIC_THRESHOLD);
    });

  it('reports detected topics with Bedrock member names; outputAction NONE = detect only', () => {
    expect(
      evaluateTopics(
        [investment, legal, medical],
        'INPUT',
        'Should I buy bitcoin? Also, what dose of aspirin?',
      ),
    ).toEqual([
      { name: 'investment-advice', type: 'DENY', action: 'BLOCKED', detected: true },
      { name: 'medical-advice', type: 'DENY', action: 'BLOCKED', detected: true },
    ]);
    expect(evaluateTopics([medical], 'OUTPUT', 'Take a dose of ibuprofen.')).toEqual([
      { name: 'medical-advice', type: 'DENY', action: 'NONE', detected: true },
    ]);
  });
});
