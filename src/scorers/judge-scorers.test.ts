import { describe, expect, it } from 'vitest';
import type { EvalCase, Score, TargetResponse } from '../core/types.ts';
import { averagePrecision } from './context-precision.ts';
import { fakeEnv, fakeJudge } from './judge/fake-judge.ts';
import { combineOrders, type PairwiseContext } from './pairwise.ts';
import { createScorers, getScorerDefinition } from './registry.ts';

const judge = { model: 'amazon.nova-pro-v1:0' };
const kase: EvalCase = {
  id: 'c1',
  source: { file: 'd.csv', row: 2 },
  vars: {
    question: 'What is the refund policy?',
    context: [
      'Refunds are available within 30 days.',
      'Shipping is free over $50.',
      'Support is open on weekdays.',
    ],
  },
  expected: 'Refunds within 30 days; shipping free over $50.',
};
const resp = (text: string): TargetResponse => ({ text, timing: { latencyMs: 1 } });
const ctx = { targetId: 'cand', modelId: 'm' };

async function run(options: Record<string, unknown>, reply: string, response = resp('An answer.'), c = ctx) {
  const fake = fakeJudge(() => reply);
  const [scorer] = createScorers([options], fakeEnv(fake));
  const scores = await scorer!.score(kase, response, c);
  return { scores, fake, score: scores[0] as Score };
}

describe('rubric and answer-relevance', () => {
  it('rubric: score 2 on 1..5 → 0.25, fails the default threshold 0.5; the rubric and data are in the prompt', async () => {
    const { score, fake } = await run(
      { type: 'rubric', judge, name: 'quality' },
      '{"reasoning":"Vague.","score":2}',
    );
    expect(score).toMatchObject({ metric: 'quality', value: 0.25, pass: false, reason: '2/5: Vague.' });
    const prompt = fake.requests[0]!.request.prompt;
    expect(prompt).toContain('1 = Does not answer the question, or is wrong on the main point.');
    expect(prompt).toContain('<question>\nWhat is the refund policy?\n</question>');
    expect(prompt).toContain('<reference>\nRefunds within 30 days; shipping free over $50.\n</reference>');
  });

  it('caseFraction 0.4 judges only cases whose id hashes below 0.4, the others get no score', async () => {
    // sha256 first 32 bits / 2^32 of case-1..case-10 (computed apart): 0.7271 0.2039 0.0220 0.6364 0.7764
    // 0.2129 0.9663 0.3594 0.7556 0.6631 → case-2, case-3, case-6, case-8
    const fake = fakeJudge(() => '{"reasoning":"Fine.","score":4}');
    const [scorer] = createScorers([{ type: 'rubric', judge, caseFraction: 0.4 }], fakeEnv(fake));
    const judged: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const scores = await scorer!.score({ ...kase, id: `case-${i}` }, resp('An answer.'), ctx);
      if (scores.length > 0) judged.push(`case-${i}`);
    }
    expect(judged).toEqual(['case-2', 'case-3', 'case-6', 'case-8']);
    expect(fake.requests).toHaveLength(4);
  });

  it('records the judge cost of a score from the judge model price: 100 in + 10 out at $0.8/$3.2 per 1k → $0.000112', async () => {
    const fake = fakeJudge(() => '{"reasoning":"Fine.","score":4}');
    const price = (model: string) =>
      model === judge.model ? { inputPer1k: 0.0008, outputPer1k: 0.0032 } : undefined;
    const [scorer] = createScorers([{ type: 'rubric', judge }], { ...fakeEnv(fake), price });
    const [score] = await scorer!.score(kase, resp('An answer.'), ctx);
    expect(score?.details?.usage).toEqual({ inputTokens: 100, outputTokens: 10 });
    // 100/1000 × 0.0008 + 10/1000 × 0.0032 = 0.00008 + 0.000032
    expect(score?.details?.costUsd).toBeCloseTo(0.000112, 12);
  });

  it('answer-relevance: score 5 → 1 with threshold 0.9; it sends no reference', async () => {
    const { score, fake } = await run(
      { type: 'answer-relevance', judge, threshold: 0.9 },
      '{"reasoning":"Direct.","score":5}',
    );
    expect(score).toMatchObject({ metric: 'answer-relevance', value: 1, pass: true });
    expect(fake.requests[0]!.request.prompt).not.toContain('<reference>');
  });
});

describe('faithfulness', () => {
  const claims = (verdicts: string[]) =>
    JSON.stringify({
      claims: verdicts.map((v, i) => ({ claim: `claim ${i + 1}`, verdict: v, reason: `r${i + 1}` })),
    });

  it('3 of 4 claims supported → 0.75, every claim stored with its verdict', async () => {
    const reply = claims(['supported', 'supported', 'unsupported', 'supported']);
    const { score, fake } = await run({ type: 'faithfulness', judge }, reply);
    expect(score.value).toBe(0.75);
    expect(score.pass).toBe(true);
    expect(score.reason).toBe('3 of 4 claims supported by the context; unsupported: "claim 3"');
    expect(score.details?.claims).toEqual([
      { claim: 'claim 1', verdict: 'supported', reason: 'r1' },
      { claim: 'claim 2', verdict: 'supported', reason: 'r2' },
      { claim: 'claim 3', verdict: 'unsupported', reason: 'r3' },
      { claim: 'claim 4', verdict: 'supported', reason: 'r4' },
    ]);
    const prompt = fake.requests[0]!.request.prompt;
    expect(prompt).toContain('<chunk index="2">\nShipping is free over $50.\n</chunk>');
  });

  it('1 of 3 → 1/3 fails 0.5; no claims → 1; no context → 0 without a judge call', async () => {
    expect(
      (await run({ type: 'faithfulness', judge }, claims(['unsupported', 'supported', 'unsupported']))).score,
    ).toMatchObject({ value: 1 / 3, pass: false });
    expect((await run({ type: 'faithfulness', judge }, '{"claims":[]}')).score).toMatchObject({
      value: 1,
      reason: 'the answer makes no factual claim',
    });
    const { scores, fake } = await run(
      { type: 'faithfulness', judge, contextField: 'docs' },
      '{"claims":[]}',
    );
    expect(scores[0]).toMatchObject({ value: 0, reason: 'case has no context in field "docs"' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('context precision and recall', () => {
  it('average precision: relevant at ranks 1 and 3 of 3 → (1/1 + 2/3) / 2 = 5/6', () => {
    expect(averagePrecision([true, false, true])).toBeCloseTo(5 / 6, 12);
    expect(averagePrecision([false, true])).toBe(0.5);
    expect(averagePrecision([false, false])).toBe(0);
  });

  it('context-precision: the judge marks chunks 1 and 3 relevant → 5/6, judged against the reference', async () => {
    const reply = JSON.stringify({
      chunks: [
        { index: 1, relevant: true, reason: 'refunds' },
        { index: 2, relevant: false, reason: 'no' },
        { index: 3, relevant: true, reason: 'yes' },
      ],
    });
    const { score } = await run({ type: 'context-precision', judge }, reply);
    expect(score.value).toBeCloseTo(5 / 6, 12);
    expect(score.reason).toBe('2 of 3 chunks relevant to the reference (ranking 101)');
    expect(score.details?.against).toBe('reference');
  });

  it('context-precision: a verdict missing a chunk is invalid and retried with the error', async () => {
    const fake = fakeJudge((_p, _s, call) =>
      call === 0
        ? '{"chunks":[{"index":1,"relevant":true,"reason":"a"}]}'
        : '{"chunks":[{"index":2,"relevant":true,"reason":"b"},{"index":1,"relevant":false,"reason":"a"},{"index":3,"relevant":false,"reason":"c"}]}',
    );
    const [scorer] = createScorers([{ type: 'context-precision', judge }], fakeEnv(fake));
    const [score] = await scorer!.score(kase, resp('x'), ctx);
    expect(fake.requests[1]!.request.prompt).toContain('expected one entry for each index 1..3, got [1]');
    // sorted by index: [false, true, false] → precision@2 = 1/2
    expect(score!.value).toBe(0.5);
  });

  it('context-recall: 2 of 3 reference statements attributed → 2/3; without a reference → 0 and no call', async () => {
    const reply = JSON.stringify({
      statements: [
        { statement: 'a', attributed: true, reason: '' },
        { statement: 'b', attributed: false, reason: '' },
        { statement: 'c', attributed: true, reason: '' },
      ],
    });
    const { score } = await run({ type: 'context-recall', judge }, reply);
    expect(score.value).toBeCloseTo(2 / 3, 12);
    expect(score.reason).toBe('2 of 3 reference statements found in the context; missing: "b"');
    const fake = fakeJudge(() => reply);
    const [scorer] = createScorers([{ type: 'context-recall', judge }], fakeEnv(fake));
    const [none] = await scorer!.score({ ...kase, expected: undefined }, resp('x'), ctx);
    expect(none).toMatchObject({ value: 0, reason: 'case has no reference answer in field "expected"' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('pairwise', () => {
  const pctx: PairwiseContext = { ...ctx, otherResponses: { base: resp('Baseline answer.') } };

  it('combines the two orders: agreement keeps the outcome, disagreement is a flipped tie', () => {
    expect(combineOrders('A', 'B')).toEqual({ outcome: 'candidate', flipped: false });
    expect(combineOrders('B', 'A')).toEqual({ outcome: 'baseline', flipped: false });
    expect(combineOrders('tie', 'tie')).toEqual({ outcome: 'tie', flipped: false });
    expect(combineOrders('A', 'A')).toEqual({ outcome: 'tie', flipped: true });
    expect(combineOrders('A', 'tie')).toEqual({ outcome: 'tie', flipped: true });
  });

  it('a judge that always prefers the first position: every case a tie, position-bias (flip) rate 1.0', async () => {
    const fake = fakeJudge(() => '{"reasoning":"First is better.","winner":"A"}');
    const [scorer] = createScorers([{ type: 'pairwise', judge, baseline: 'base' }], fakeEnv(fake));
    const all: Score[][] = [];
    for (const text of ['Good answer.', 'Bad answer.', 'Other answer.', 'Fourth.']) {
      all.push(await scorer!.score(kase, resp(text), pctx));
    }
    expect(all.map((s) => s.map((x) => [x.metric, x.value]))).toEqual(
      Array(4).fill([
        ['pairwise', 0.5],
        ['pairwise_flip', 1],
      ]),
    );
    const flipRate = all.reduce((a, s) => a + s[1]!.value, 0) / all.length;
    expect(flipRate).toBe(1);
    expect(all[0]![0]!.reason).toBe(
      'verdict flipped with the order (candidate first: A, candidate second: A) → tie',
    );
    // both orders were asked: the candidate as answer A, then as answer B
    const [ab, ba] = fake.requests.slice(0, 2).map((r) => r.request.prompt);
    expect(ab).toContain('<answer_a>\nGood answer.\n</answer_a>');
    expect(ab).toContain('<answer_b>\nBaseline answer.\n</answer_b>');
    expect(ba).toContain('<answer_a>\nBaseline answer.\n</answer_a>');
    expect(ba).toContain('<answer_b>\nGood answer.\n</answer_b>');
  });

  it('a consistent judge: candidate preferred in both orders → 1, flip 0; samples average', async () => {
    const fake = fakeJudge((prompt) =>
      prompt.includes('<answer_a>\nGood')
        ? '{"reasoning":"A","winner":"A"}'
        : '{"reasoning":"B","winner":"B"}',
    );
    const [scorer] = createScorers(
      [{ type: 'pairwise', judge, baseline: 'base', name: 'vs_base' }],
      fakeEnv(fake),
    );
    const [win, flip] = await scorer!.score(kase, resp('Good.'), pctx);
    expect(win).toMatchObject({
      metric: 'vs_base',
      value: 1,
      pass: true,
      reason: 'candidate preferred in both orders: A',
    });
    expect(flip).toMatchObject({ metric: 'vs_base_flip', value: 0 });
    expect(win!.details?.usage).toEqual({ inputTokens: 200, outputTokens: 20 });
  });

  it('the baseline itself is not scored; a missing baseline answer is NaN with a reason, no judge call', async () => {
    const fake = fakeJudge(() => '{"reasoning":"","winner":"A"}');
    const [scorer] = createScorers([{ type: 'pairwise', judge, baseline: 'base' }], fakeEnv(fake));
    expect(await scorer!.score(kase, resp('x'), { targetId: 'base', modelId: 'm' })).toEqual([]);
    const [missing] = await scorer!.score(kase, resp('x'), ctx);
    expect(missing!.value).toBeNaN();
    expect(missing!.reason).toBe('no_baseline: target "base" has no answer for this case');
    expect(fake.requests).toHaveLength(0);
  });

  it('declares both metrics, so gate rules can name the flip rate', () => {
    const def = getScorerDefinition('pairwise')!;
    expect(def.metrics({ type: 'pairwise', name: 'pw' })).toEqual(['pw', 'pw_flip']);
  });
});
