import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedSuite } from '../config/index.ts';
import { JudgeEstimator } from './judge-estimate.ts';

const root = resolve(import.meta.dirname, '../..');
const chars = (judge: string) => readFileSync(resolve(root, 'judges', judge, '1.0.0.hbs'), 'utf8').length;

const suite = (scorers: unknown[]) =>
  ({ dir: resolve(root, 'suites'), suite: { scorers, prices: {} } }) as unknown as LoadedSuite;
const judge = { model: 'amazon.nova-pro-v1:0' }; // $0.0008 / $0.0032 per 1k
// 400 characters of request and an answer budget of 50 tokens (200 characters)
const request = { prompt: 'x'.repeat(100), system: 'y'.repeat(300), inferenceConfig: { maxTokens: 50 } };

describe('judge estimate of a dry run', () => {
  it('faithfulness, 3 samples, 2 sends: 6 calls of ceil((template + 400 + 200) / 4) tokens, ≤ 1024 out each', () => {
    const est = new JudgeEstimator(
      suite([{ type: 'faithfulness', judge, samples: 3 }, { type: 'contains' }]),
    );
    est.add('a', 'case-2', request, 2);
    const perCall = Math.ceil((chars('faithfulness') + 400 + 200) / 4);
    const [f] = est.estimates();
    expect(f).toMatchObject({
      scorer: 'faithfulness',
      calls: 6,
      inputTokens: 6 * perCall,
      maxOutputTokens: 6144,
    });
    expect(f?.costUsd).toBeCloseTo(((6 * perCall) / 1000) * 0.0008 + (6144 / 1000) * 0.0032, 12);
  });

  it('pairwise judges both orders with two answers, never the baseline; caseFraction skips unselected cases', () => {
    const est = new JudgeEstimator(
      suite([
        { type: 'pairwise', judge, baseline: 'b' },
        { type: 'rubric', judge, caseFraction: 0.4 },
      ]),
    );
    est.add('a', 'case-1', request, 2); // case-1 hashes to 0.7271: outside rubric's 0.4
    est.add('b', 'case-1', request, 2);
    const [pairwise, rubric] = est.estimates();
    expect(pairwise).toMatchObject({
      calls: 4,
      inputTokens: 4 * Math.ceil((chars('pairwise') + 400 + 400) / 4),
    });
    expect(rubric).toMatchObject({ calls: 0, inputTokens: 0 });
    est.add('a', 'case-2', request, 1); // 0.2039: inside
    expect(est.estimates()[1]).toMatchObject({
      calls: 1,
      inputTokens: Math.ceil((chars('rubric') + 400 + 200) / 4),
    });
  });
});
