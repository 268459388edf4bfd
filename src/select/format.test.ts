import { describe, expect, it } from 'vitest';
import { candidateLabel, formatSelection, recommendationLines } from './format.ts';
import { selectCandidates } from './select.ts';
import type { CaseValues } from './types.ts';

const rows = (n: number, v: number, cost: number): CaseValues[] =>
  Array.from({ length: n }, (_, i) => ({
    caseId: `c${i}`,
    repeat: 0,
    error: false,
    values: { contains: v, cost_usd: cost, latency_ms: 100 + i },
  }));

describe('select text output', () => {
  it('labels expanded candidates with their swept values and prompt version', () => {
    expect(
      candidateLabel({ targetId: 'lite@1.1.0', params: { prompt: '1.1.0' }, promptVersion: '1.1.0' }),
    ).toBe('lite@1.1.0 (prompt=1.1.0)');
    expect(candidateLabel({ targetId: 'k', params: { 'retrieval.topK': 5 } })).toBe('k (topK=5)');
    expect(candidateLabel({ targetId: 'plain', promptVersion: '2.0.0' })).toBe('plain (prompt=2.0.0)');
  });

  it('prints the ranked table and ends with the recommendation', () => {
    const res = selectCandidates(
      {
        candidates: [
          { targetId: 'pro', modelId: 'm.pro', cases: rows(10, 1, 0.002) },
          { targetId: 'micro', modelId: 'm.micro', cases: rows(10, 0, 0.0001) },
        ],
      },
      [{ metric: 'contains', min: 0.9 }],
    );
    const text = formatSelection(res, 'run-1').trimEnd().split('\n');
    expect(text[0]).toBe('Select from run run-1: 2 candidate(s), 10 case(s)');
    // latency 100…109 ms: p50 104.5 → "105 ms", p99 100 + 9 × 0.99 = 108.91 → "109 ms"; cost 0.0001 × 1000 = $0.1
    expect(text.slice(3, 7)).toEqual([
      '#  candidate  model    cost/1k cases     p50     p99  contains  clears',
      '1  micro      m.micro           $0.1  105 ms  109 ms  0 [0, 0]  no',
      '2  pro        m.pro               $2  105 ms  109 ms  1 [1, 1]  yes',
      '  micro: contains mean 0 [0, 0] (n=10): CI low 0 < min 0.9',
    ]);
    expect(text.at(-1)).toBe('recommended: pro ($2/1k cases)');
    expect(text.at(-2)).toBe('why: cheapest candidate whose 95 % interval clears every rule ($2/1k cases)');
    expect(recommendationLines({ ...res.overall, recommended: null, reason: 'no luck' })).toEqual([
      'recommended: none — no luck',
    ]);
  });
});
