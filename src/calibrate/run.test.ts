import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeJudge } from '../scorers/judge/fake-judge.ts';
import { openStore } from '../store/index.ts';
import { calibrateJudge } from './run.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-calibrate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function labels(name: string, rows: object[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return file;
}

/** The text inside `<tag>…</tag>` of a rendered judge prompt. */
function section(prompt: string, tag: string): string {
  return prompt.match(new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`))?.[1] ?? '';
}

describe('calibrateJudge with a scripted judge', () => {
  it('answer-relevance: exact accuracy, within-one, quadratic kappa and Spearman; a judge_error is excluded and stored', async () => {
    const file = await labels('relevance.jsonl', [
      { id: 'r1', question: 'q1?', answer: 'S=5', label: 5 },
      { id: 'r2', question: 'q2?', answer: 'S=3', label: 4 },
      { id: 'r3', question: 'q3?', answer: 'S=1', label: 1 },
      { id: 'r4', question: 'q4?', answer: 'S=4', label: 2 },
      { id: 'r5', question: 'q5?', answer: 'BROKEN', label: 3 },
    ]);
    // the judge scores what the answer says; it cannot produce JSON for BROKEN
    const fake = fakeJudge((prompt) => {
      const s = section(prompt, 'answer').match(/^S=(\d)$/)?.[1];
      return s ? `{"reasoning":"r","score":${s}}` : 'I refuse';
    });
    const db = join(dir, 'rel.duckdb');
    await using store = await openStore(db);
    const result = await calibrateJudge({
      judge: 'answer-relevance',
      model: 'judge-model',
      labelsFile: file,
      provider: fake.provider,
      store,
      concurrency: 2,
      backend: 'local',
      calibrationId: 'cal-rel',
    });
    // graded pairs (human, judge): (5,5) (4,3) (1,1) (2,4)
    // accuracy 2/4; within one 3/4; quadratic kappa 1 − (1.25/4)/(4.75/16) = 14/19; Spearman 1 − 6·2/(4·15) = 0.8
    expect(result.figures).toEqual({
      n: 5,
      judge_errors: 1,
      graded: 4,
      accuracy: 0.5,
      within_one: 0.75,
      kappa_quadratic: expect.closeTo(14 / 19, 12),
      spearman: expect.closeTo(0.8, 12),
    });
    expect(result).toMatchObject({ promptId: 'answer-relevance@1.0.0', judgeModel: 'judge-model', n: 5 });
    expect(result.labelsSha256).toMatch(/^[0-9a-f]{64}$/);
    // BROKEN: one request and one retry, then judge_error
    expect(fake.requests.filter((r) => section(r.request.prompt, 'answer') === 'BROKEN')).toHaveLength(2);
    const stored = await store.listCalibrationItems('cal-rel');
    expect(stored.map((i) => [i.itemId, i.humanLabel, i.judgeLabel, i.judgeScore, i.agree])).toEqual([
      ['r1', '5', '5', 5, true],
      ['r2', '4', '3', 3, false],
      ['r3', '1', '1', 1, true],
      ['r4', '2', '4', 4, false],
      ['r5', '3', null, null, null],
    ]);
    expect(stored[1]?.judgeValue).toBe(0.5);
    expect(stored[4]).toMatchObject({ judgeError: true, reason: expect.stringMatching(/^judge_error: /) });
    expect(String(stored[0]?.details?.prompt)).toContain('<question>\nq1?\n</question>');
    const cal = await store.getCalibration('cal-rel');
    expect(cal).toMatchObject({
      judgeType: 'answer-relevance',
      judgeErrors: 1,
      backend: 'local',
      labelsFile: file,
    });
    expect(cal?.figures).toEqual(result.figures);
  });

  it('faithfulness: Spearman and MAE of the fraction, accuracy and kappa of pass/fail at 0.5', async () => {
    const ctx = 'Some context.';
    const file = await labels('faith.jsonl', [
      { id: 'f1', context: ctx, answer: '2/2', label: 1 },
      { id: 'f2', context: ctx, answer: '1/4', label: 0.5 },
      { id: 'f3', context: ctx, answer: '0/1', label: 0 },
      { id: 'f4', context: [ctx, 'More.'], answer: '2/3', label: 0.6667 },
    ]);
    const fake = fakeJudge((prompt) => {
      const [k, m] = section(prompt, 'answer').split('/').map(Number);
      const claims = Array.from({ length: m! }, (_, i) => ({
        claim: `c${i}`,
        verdict: i < k! ? 'supported' : 'unsupported',
        reason: '',
      }));
      return JSON.stringify({ claims });
    });
    const r = await calibrateJudge({
      judge: 'faithfulness',
      model: 'm',
      labelsFile: file,
      provider: fake.provider,
    });
    // human [1, .5, 0, .6667] vs judge [1, .25, 0, .6667]: same ranks → ρ = 1; MAE = (.25 + 1/30000)/4
    // pass/fail: human P P F P, judge P F F P → accuracy 3/4; κ = (.75 − (1·2 + 3·2)/16)/(1 − .5) = 0.5
    expect(r.figures).toEqual({
      n: 4,
      judge_errors: 0,
      graded: 4,
      spearman: expect.closeTo(1, 12),
      mae: expect.closeTo((0.25 + 0.6667 - 2 / 3) / 4, 12),
      accuracy: 0.75,
      kappa: expect.closeTo(0.5, 12),
    });
    expect(r.items.map((i) => [i.judgeLabel, i.agree])).toEqual([
      ['1', true],
      ['0.25', false],
      ['0', true],
      ['0.6667', true],
    ]);
    expect(r.items[1]?.details?.claims).toHaveLength(4);
  });

  it('pairwise: answer is A (the candidate), answer_b the baseline; flips are ties and give the position bias', async () => {
    const file = await labels('pair.jsonl', [
      { id: 'p1', question: 'q', answer: 'good one', answer_b: 'bad one', label: 'A' },
      { id: 'p2', question: 'q', answer: 'bad', answer_b: 'good', label: 'B' },
      { id: 'p3', question: 'q', answer: 'good x', answer_b: 'good y', label: 'tie' },
      { id: 'p4', question: 'q', answer: 'biased a', answer_b: 'biased b', label: 'A' },
      { id: 'p5', question: 'q', answer: 'good', answer_b: 'bad', label: 'B' },
      { id: 'p6', question: 'q', answer: 'fail', answer_b: 'bad', label: 'A' },
    ]);
    // prefers the answer starting with "good"; always "A" (first position) when both say "biased"
    const fake = fakeJudge((prompt) => {
      const a = section(prompt, 'answer_a');
      const b = section(prompt, 'answer_b');
      if (a === 'fail' || b === 'fail') return '{"winner":"C"}';
      const ga = a.startsWith('good') || a.startsWith('biased');
      const gb = b.startsWith('good');
      const winner = ga === gb ? 'tie' : ga ? 'A' : 'B';
      return JSON.stringify({ reasoning: 'r', winner });
    });
    const r = await calibrateJudge({
      judge: 'pairwise',
      model: 'm',
      labelsFile: file,
      provider: fake.provider,
    });
    // graded: human A B tie A B vs judge A B tie tie A → accuracy 3/5;
    // κ = (0.6 − (2·2 + 2·1 + 1·2)/25)/(1 − 8/25) = 7/17; one flip (p4) of 5 → position bias 0.2
    expect(r.figures).toEqual({
      n: 6,
      judge_errors: 1,
      graded: 5,
      accuracy: 0.6,
      kappa: expect.closeTo(7 / 17, 12),
      position_bias: 0.2,
    });
    expect(r.items.map((i) => i.judgeLabel)).toEqual(['A', 'B', 'tie', 'tie', 'A', null]);
    expect(r.items[3]?.details?.flip).toBe(1);
  });
});
