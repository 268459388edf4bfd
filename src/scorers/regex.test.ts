import { describe, expect, it } from 'vitest';
import { EvalgateError } from '../core/errors.ts';
import type { EvalCase, Score, TargetResponse } from '../core/types.ts';
import { regexScorer } from './regex.ts';

const ctx = { targetId: 't', modelId: 'm' };
const kase: EvalCase = { id: 'c1', source: { file: 'd.csv', row: 1 }, vars: {} };
const out = (text?: string): TargetResponse => ({ text, timing: { latencyMs: 5 } });
const make = (pattern: string, flags?: string) =>
  regexScorer.create({ type: 'regex', pattern, ...(flags === undefined ? {} : { flags }) }, { baseDir: '.' });

describe('regex scorer', () => {
  it('scores 1 on a match and 0 with a reason otherwise', () => {
    const s = make('^\\d+ days$');
    expect(s.score(kase, out('30 days'), ctx)).toEqual([{ metric: 'regex', value: 1, pass: true }]);
    expect(s.score(kase, out('thirty days'), ctx)).toEqual([
      { metric: 'regex', value: 0, pass: false, reason: 'output "thirty days" does not match /^\\d+ days$/' },
    ]);
  });

  it('honours flags', () => {
    expect(make('refund', 'i').score(kase, out('REFUND issued'), ctx)).toMatchObject([{ value: 1 }]);
    expect(make('refund').score(kase, out('REFUND issued'), ctx)).toMatchObject([{ value: 0 }]);
  });

  it('a g flag does not make repeated scoring alternate (lastIndex reset)', () => {
    const s = make('ok', 'g');
    const values = [1, 2, 3].map(() => (s.score(kase, out('ok'), ctx) as [Score])[0].value);
    expect(values).toEqual([1, 1, 1]);
  });

  it('no output text → 0', () => {
    expect(make('x').score(kase, out(undefined), ctx)).toMatchObject([
      { value: 0, reason: 'no output text' },
    ]);
  });

  it('schema rejects a pattern that does not compile and unknown flags', () => {
    const bad = regexScorer.optionsSchema.safeParse({ type: 'regex', pattern: '(unclosed' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['pattern']);
    expect(bad.error?.issues[0]?.message).toMatch(/Invalid regular expression/);
    expect(regexScorer.optionsSchema.safeParse({ type: 'regex', pattern: 'a', flags: 'x' }).success).toBe(
      false,
    );
    expect(() => make('(unclosed')).toThrow(EvalgateError);
  });
});
