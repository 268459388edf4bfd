import { describe, expect, it } from 'vitest';
import type { StoredScore } from '../store/types.ts';
import { isRetrievalMetric, pickRankingMetric, retrievalSection, sweepMembers } from './retrieval.ts';

const score = (targetId: string, caseId: string, metric: string, value: number): StoredScore => ({
  runId: 'r',
  caseId,
  targetId,
  repeat: 0,
  metric,
  value,
  pass: null,
  reason: null,
  details: undefined,
});

describe('retrieval section', () => {
  it('recognises the retrieval scorer metrics and picks nDCG at the smallest cutoff >= 5', () => {
    expect(
      ['precision@5', 'recall@10', 'hit_rate@1', 'ndcg@3', 'mrr', 'map', 'kb_ndcg@5'].every(
        isRetrievalMetric,
      ),
    ).toBe(true);
    expect(['contains', 'latency_ms', 'faithfulness', 'citation_precision'].some(isRetrievalMetric)).toBe(
      false,
    );
    expect(pickRankingMetric(['precision@5', 'ndcg@3', 'ndcg@10', 'ndcg@5', 'mrr'])).toBe('ndcg@5');
    expect(pickRankingMetric(['ndcg@1', 'ndcg@3', 'map'])).toBe('ndcg@3');
    expect(pickRankingMetric(['precision@5', 'mrr', 'map'])).toBe('map');
  });

  it('ranks targets by the mean of the ranking metric and names the best; intervals come from the cases', () => {
    const scores: StoredScore[] = [];
    // a: ndcg@5 = 0.9 on every case; b: 0.2 on every case; c: alternating 1 / 0 (mean 0.5).
    for (let i = 0; i < 20; i++) {
      scores.push(score('a', `c${i}`, 'ndcg@5', 0.9), score('a', `c${i}`, 'precision@5', 0.4));
      scores.push(score('b', `c${i}`, 'ndcg@5', 0.2), score('b', `c${i}`, 'precision@5', 0.2));
      scores.push(score('c', `c${i}`, 'ndcg@5', i % 2), score('c', `c${i}`, 'precision@5', 0.6));
      scores.push(score('a', `c${i}`, 'contains', 1));
    }
    const s = retrievalSection(scores);
    expect(s?.rankBy).toBe('ndcg@5');
    expect(s?.metrics).toEqual(['precision@5', 'ndcg@5']);
    expect(s?.rows.map((r) => [r.rank, r.targetId, r.n])).toEqual([
      [1, 'a', 20],
      [2, 'c', 20],
      [3, 'b', 20],
    ]);
    // constant values → a degenerate interval; a's interval [0.9, 0.9] lies above c's (which is below 0.9)
    expect(s?.rows[0]?.cells).toEqual([
      { mean: '0.400', ci: '0.400–0.400' },
      { mean: '0.900', ci: '0.900–0.900' },
    ]);
    expect(s?.best).toEqual({ targetId: 'a', value: '0.900 [0.900, 0.900]', separable: true });
    expect(s?.sweeps).toEqual([]);
  });

  it('is absent without retrieval scores, and says when the best is not separable', () => {
    expect(retrievalSection([score('a', 'c1', 'contains', 1)])).toBeNull();
    const close = [0, 1, 0, 1, 1].flatMap((v, i) => [
      score('x', `c${i}`, 'map', v),
      score('y', `c${i}`, 'map', 1 - v),
    ]);
    expect(retrievalSection(close)?.best).toMatchObject({ targetId: 'x', separable: false });
  });
});

describe('sweeps in the retrieval section', () => {
  it('names the best combination of each sweep with its parameters', () => {
    const config = {
      targets: [
        { id: 'kb', model: 'knowledge-base/KB' },
        { id: 'ch.size200', sweepOf: 'ch', params: { 'rag.chunking.size': 200 } },
        { id: 'ch.size800', sweepOf: 'ch', params: { 'rag.chunking.size': 800 } },
      ],
    };
    const members = sweepMembers(config);
    expect([...members.keys()]).toEqual(['ch.size200', 'ch.size800']);
    const scores = [
      score('kb', 'c1', 'ndcg@5', 1),
      score('ch.size200', 'c1', 'ndcg@5', 0.25),
      score('ch.size800', 'c1', 'ndcg@5', 0.5),
    ];
    const s = retrievalSection(scores, members);
    expect(s?.best?.targetId).toBe('kb');
    expect(s?.sweeps).toEqual([
      { sweep: 'ch', targetId: 'ch.size800', params: 'size=800', value: '0.500 [0.500, 0.500]', of: 2 },
    ]);
    expect(s?.rows.map((r) => r.params)).toEqual(['', 'size=800', 'size=200']);
  });
});
