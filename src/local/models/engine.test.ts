import { describe, expect, it } from 'vitest';
import { type EngineConfig, extract, IDK_ANSWER } from './engine.ts';
import { generate, getLocalModel } from './index.ts';
import type { LocalModel } from './model.ts';
import { countTokens, parsePrompt, splitQuestion } from './prompt.ts';
import { splitSentences, stemLight, stemStrong, tokenize } from './text.ts';

const micro = getLocalModel('amazon.nova-micro-v1:0') as LocalModel;
const lite = getLocalModel('amazon.nova-lite-v1:0') as LocalModel;
const pro = getLocalModel('amazon.nova-pro-v1:0') as LocalModel;

describe('text tools', () => {
  it('splits markdown into sentences, dropping headings and list markers', () => {
    const md = '# Title\n\n- First rule applies. Second rule, too!\n1. Costs $9.99 per month.\n---\nLast one';
    expect(splitSentences(md)).toEqual([
      'First rule applies.',
      'Second rule, too!',
      'Costs $9.99 per month.',
      'Last one',
    ]);
  });

  it('tokenises to lower-case letter/digit runs', () => {
    expect(tokenize("Don't upload > 50 GB, ok?")).toEqual(['dont', 'upload', '50', 'gb', 'ok']);
  });

  it('stems lightly (plurals, -ing, -ed) or strongly (derivational suffixes)', () => {
    expect(['refunds', 'policies', 'uploading', 'shared', 'speed'].map(stemLight)).toEqual([
      'refund',
      'policy',
      'upload',
      'shar',
      'speed',
    ]);
    expect(stemStrong('cancellation')).toBe(stemStrong('cancelled'));
    expect(stemStrong('monthly')).toBe('month');
    expect(stemStrong('deletion')).toBe(stemStrong('delete'));
    expect(stemLight('cancellation')).not.toBe(stemLight('cancel'));
  });
});

describe('prompt convention', () => {
  it('takes the question after the last `Question:` line; the rest is context', () => {
    expect(splitQuestion('Passage A.\nQuestion: old?\nPassage B.\nQuestion: new one?')).toEqual({
      before: 'Passage A.\nQuestion: old?\nPassage B.',
      question: 'new one?',
    });
    expect(splitQuestion('just ask')).toEqual({ before: '', question: 'just ask' });
  });

  it('builds context from system + messages, counts ceil(chars/4) tokens per text, detects JSON requests', () => {
    const p = parsePrompt({
      system: ['Policy: refunds in 30 days.'], // 27 chars → 7
      messages: [{ role: 'user', text: 'Respond in JSON.\nQuestion: refunds?' }], // 35 chars → 9
    });
    expect(p.context).toBe('Policy: refunds in 30 days.\nRespond in JSON.');
    expect(p.question).toBe('refunds?');
    expect(p.inputTokens).toBe(16);
    expect(p.wantsJson).toBe(true);
    expect(
      parsePrompt({ system: ['We export JSON files.'], messages: [{ role: 'user', text: 'x' }] }).wantsJson,
    ).toBe(false);
    expect(countTokens('')).toBe(0);
    expect(countTokens('abcde')).toBe(2);
  });
});

describe('extractive engine', () => {
  const ctx = [
    'The Free plan includes 5 GB of storage at no cost.',
    'Refunds are returned to the original payment method within 5 to 7 business days.',
    'Opened hardware can be returned for a 15% restocking fee.',
    'It is deducted from the refund amount.',
  ].join('\n');

  it('answers with a verbatim sentence, or IDK when nothing overlaps', () => {
    expect(extract(ctx, 'What is the restocking fee?', lite.engine).text).toBe(
      'Opened hardware can be returned for a 15% restocking fee.',
    );
    expect(extract(ctx, 'zebra quantum?', lite.engine)).toEqual({
      text: IDK_ANSWER,
      sentenceIndex: -1,
      score: 0,
    });
  });

  it('micro counts stopwords, so function words can outvote the content word', () => {
    // "Is it the storage limit?": sentence 4 shares is/it/the (3 words), sentence 1 only the/storage (2).
    const q = 'Is it the storage limit?';
    expect(extract(ctx, q, micro.engine).sentenceIndex).toBe(3);
    expect(extract(ctx, q, lite.engine).sentenceIndex).toBe(0);
  });

  it('pro uses synonyms (space → storage) where lite has no shared word', () => {
    const q = 'How much space do I get?';
    expect(extract(ctx, q, lite.engine).text).toBe(IDK_ANSWER);
    expect(extract(ctx, q, pro.engine).sentenceIndex).toBe(0);
  });

  it('pro appends the next sentence when it continues the answer', () => {
    const q = 'How is the restocking fee charged?';
    expect(extract(ctx, q, lite.engine).text).toBe(
      'Opened hardware can be returned for a 15% restocking fee.',
    );
    expect(extract(ctx, q, pro.engine).text).toBe(
      'Opened hardware can be returned for a 15% restocking fee. It is deducted from the refund amount.',
    );
  });

  it('overlap scoring ties go to the earliest sentence', () => {
    const cfg: EngineConfig = { ...micro.engine };
    expect(extract('Alpha beta.\nBeta alpha.', 'alpha', cfg).sentenceIndex).toBe(0);
  });
});

describe('generate', () => {
  const input = {
    system: ['Refunds are available within 30 days of purchase.'],
    messages: [{ role: 'user' as const, text: 'Answer in JSON.\nQuestion: When are refunds available?' }],
  };

  it('lite and pro follow a JSON instruction; micro ignores it', () => {
    const answer = 'Refunds are available within 30 days of purchase.';
    expect(generate(lite, input).text).toBe(JSON.stringify({ answer }));
    expect(generate(pro, input).text).toBe(JSON.stringify({ answer }));
    expect(generate(micro, input).text).toBe(answer);
  });

  it('applies stop sequences and maxTokens, and plans latency from the profile', () => {
    const plain = {
      ...input,
      messages: [{ role: 'user' as const, text: 'Question: When are refunds available?' }],
    };
    expect(generate(micro, { ...plain, stopSequences: [' within'] })).toMatchObject({
      text: 'Refunds are available',
      stopReason: 'stop_sequence',
      outputTokens: 6,
    });
    expect(generate(micro, { ...plain, maxTokens: 2 })).toMatchObject({
      text: 'Refunds ',
      stopReason: 'max_tokens',
      outputTokens: 2,
    });
    // input = ceil(50/4) + ceil(37/4) = 13 + 10 = 23 tokens; output 13 tokens
    const g = generate(pro, plain);
    expect([g.inputTokens, g.outputTokens]).toEqual([23, 13]);
    const p = pro.info.latency;
    const nominal = p.baseMs + p.perInputTokenMs * 23;
    expect(g.firstByteMs).toBeGreaterThanOrEqual(nominal * (1 - p.jitter));
    expect(g.firstByteMs).toBeLessThanOrEqual(nominal * (1 + p.jitter));
    expect(g.decodeMs / g.firstByteMs).toBeCloseTo((p.perOutputTokenMs * 13) / nominal, 6);
    expect(generate(pro, plain)).toEqual(g); // deterministic
  });
});
