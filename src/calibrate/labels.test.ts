import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementFigures } from './agreement.ts';
import { type CalibratedJudge, loadLabels } from './labels.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-labels-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function bad(judge: CalibratedJudge, lines: string[]): Promise<string> {
  const file = join(dir, `${judge}-${Math.random().toString(16).slice(2)}.jsonl`);
  await writeFile(file, lines.join('\n'));
  const err = await loadLabels(file, judge).then(
    () => undefined,
    (e: Error) => e,
  );
  return err ? err.message.replace(file, 'F') : 'no error';
}

const ok = '{"id":"a","question":"q","answer":"x","label":3}';

describe('loadLabels', () => {
  it('loads the shipped labelled sets with their label kinds', async () => {
    const cases: [string, CalibratedJudge, number][] = [
      ['faithfulness', 'faithfulness', 44],
      ['relevance', 'answer-relevance', 37],
      ['correctness', 'correctness', 38],
      ['pairwise', 'pairwise', 23],
      ['relevance', 'rubric', 37],
    ];
    for (const [name, judge, n] of cases) {
      const l = await loadLabels(`datasets/judge-labels/${name}.jsonl`, judge);
      expect([name, l.items.length]).toEqual([name, n]);
    }
    const pair = await loadLabels('datasets/judge-labels/pairwise.jsonl', 'pairwise');
    expect(pair.items[0]).toMatchObject({
      id: 'pair-001',
      line: 1,
      label: 'A',
      answerB: '$19.99 per month.',
    });
  });

  it('fails with one line naming the file and line of the bad row', async () => {
    expect(await bad('answer-relevance', [ok, '', '{"id":"b","question":"q","answer":"x","label":7}'])).toBe(
      'F line 3: field "label": expected an integer 1..5',
    );
    expect(await bad('answer-relevance', [ok, '{"id":"b","answer":"x","label":2}'])).toBe(
      'F line 2: missing field "question"',
    );
    expect(await bad('correctness', [ok])).toBe('F line 1: missing field "expected"');
    expect(await bad('faithfulness', ['{"id":"a","answer":"x","label":0.5}'])).toBe(
      'F line 1: missing field "context"',
    );
    expect(await bad('faithfulness', ['{"id":"a","context":"c","answer":"x","label":1.5}'])).toBe(
      'F line 1: field "label": expected a number in 0..1',
    );
    expect(await bad('pairwise', ['{"id":"a","answer":"x","answer_b":"y","label":"a"}'])).toBe(
      'F line 1: field "label": expected "A", "B" or "tie"',
    );
    expect(await bad('pairwise', ['{"id":"a","answer":"x","label":"A"}'])).toBe(
      'F line 1: missing field "answer_b"',
    );
    expect(await bad('rubric', [ok, '{"id":"a","answer":"y","label":1}'])).toBe(
      'F line 2: duplicate id "a" (first on line 1)',
    );
    expect(await bad('rubric', [ok, '{"id":'])).toMatch(/^F line 2: invalid JSON: /);
    expect(await bad('rubric', ['[1]'])).toBe('F line 1: expected a JSON object');
    expect(await bad('rubric', ['', '  '])).toBe('F: no labelled items');
    await expect(loadLabels(join(dir, 'missing.jsonl'), 'rubric')).rejects.toMatchObject({
      code: 'DATASET_FILE',
      message: `${join(dir, 'missing.jsonl')}: cannot read labels: no such file`,
    });
  });
});

describe('agreementFigures edge cases', () => {
  it('all judge errors: counts only, every figure null', () => {
    expect(agreementFigures('scale', [{ human: 3 }, { human: 4 }])).toEqual({
      n: 2,
      judge_errors: 2,
      graded: 0,
      accuracy: null,
      within_one: null,
      kappa_quadratic: null,
      spearman: null,
    });
  });

  it('a constant judge has no Spearman (null), kappa 0 against varied labels', () => {
    const f = agreementFigures('scale', [
      { human: 1, judge: { value: 0.5 } },
      { human: 3, judge: { value: 0.5 } },
      { human: 5, judge: { value: 0.5 } },
    ]);
    expect(f).toMatchObject({ accuracy: 1 / 3, within_one: 1 / 3, kappa_quadratic: 0, spearman: null });
  });
});
