import { describe, expect, it } from 'vitest';
import {
  compareDocno,
  evaluateQuery,
  formatTrecLine,
  formatTrecValue,
  type Measure,
  rankTrec,
} from './metrics.ts';

const qrels = (o: Record<string, number>) => new Map(Object.entries(o));
const all: Measure[] = [
  { name: 'P', cutoffs: [1, 2, 4, 10] },
  { name: 'recall', cutoffs: [1, 2, 10] },
  { name: 'success', cutoffs: [1, 2] },
  { name: 'ndcg_cut', cutoffs: [2, 4, 10] },
  { name: 'recip_rank' },
  { name: 'map' },
];
const evaluate = (ranked: string[], q: Record<string, number>) =>
  Object.fromEntries(evaluateQuery(ranked, qrels(q), all));

describe('rankTrec', () => {
  it('orders by score descending, ties by docno descending, ignoring input order', () => {
    const entries = [
      { docId: 'a', score: 1 },
      { docId: 'c', score: 1 },
      { docId: 'b', score: 2 },
      { docId: 'd10', score: 1 },
      { docId: 'd9', score: 1 },
    ];
    // score 2 first; then the tie at 1 in strcmp-descending order: d9 > d10 > c > a ('9' > '1').
    expect(rankTrec(entries)).toEqual(['b', 'd9', 'd10', 'c', 'a']);
  });

  it('compares docnos as strcmp does (bytes / code points), not by UTF-16 units', () => {
    expect(compareDocno('a', 'Z')).toBe(1); // 0x61 > 0x5A
    // U+1F600 (F0 9F 98 80 in UTF-8) sorts after U+FFFF (EF BF BF); JS '<' would say the opposite.
    expect(compareDocno('\u{1F600}', '\uFFFF')).toBe(1);
    expect(compareDocno('ab', 'abc')).toBe(-1);
    expect(compareDocno('x', 'x')).toBe(0);
  });
});

describe('evaluateQuery', () => {
  it('precision divides by k even past the end of the list; recall, success, MRR, AP with an unretrieved doc', () => {
    // ranked [x, r1, y, r2]; relevant r1, r2 and r3 (never retrieved) → num_rel 3.
    const v = evaluate(['x', 'r1', 'y', 'r2'], { r1: 1, r2: 1, r3: 1, y: 0 });
    expect(v.P_1).toBe(0);
    expect(v.P_2).toBe(0.5); // 1 relevant in the top 2
    expect(v.P_4).toBe(0.5); // 2 of 4
    expect(v.P_10).toBe(0.2); // 2 / 10: K larger than the list still divides by K
    expect(v.recall_1).toBe(0);
    expect(v.recall_2).toBeCloseTo(1 / 3, 12);
    expect(v.recall_10).toBeCloseTo(2 / 3, 12);
    expect(v.success_1).toBe(0);
    expect(v.success_2).toBe(1);
    expect(v.recip_rank).toBe(0.5); // first relevant at rank 2
    // AP = (1/2 + 2/4) / 3 = 1/3: r3, never retrieved, adds precision 0 through num_rel.
    expect(v.map).toBeCloseTo(1 / 3, 12);
  });

  it('graded nDCG: gain = grade, discount log2(rank + 1), ideal from all judged docs', () => {
    // ranked [a, b, c, d]; grades a 1, b 0, c 3, d 2, e 2 (e not retrieved).
    // DCG@4 = 1/log2 2 + 0 + 3/log2 4 + 2/log2 5 = 1 + 1.5 + 0.861353 = 3.361353
    // ideal [3, 2, 2, 1]: IDCG@4 = 3 + 2/log2 3 + 2/log2 4 + 1/log2 5 = 3 + 1.261860 + 1 + 0.430677 = 5.692536
    // nDCG@4 = 3.361353 / 5.692536 = 0.590484; nDCG@2 = 1 / (3 + 1.261860) = 0.234639; @10 = @4.
    const v = evaluate(['a', 'b', 'c', 'd'], { a: 1, b: 0, c: 3, d: 2, e: 2 });
    expect(v.ndcg_cut_4).toBeCloseTo(0.590484, 6);
    expect(v.ndcg_cut_2).toBeCloseTo(0.234639, 6);
    expect(v.ndcg_cut_10).toBeCloseTo(0.590484, 6);
    expect(formatTrecValue(v.ndcg_cut_4 ?? Number.NaN)).toBe('0.5905');
  });

  it('a query with no relevant documents scores 0 on every measure', () => {
    const v = evaluate(['a', 'b'], { a: 0, b: 0, c: -1 });
    expect(Object.values(v).every((x) => x === 0)).toBe(true);
    expect(Object.keys(v)).toHaveLength(14);
  });

  it('an empty ranked list scores 0, and docs absent from qrels are nonrelevant', () => {
    expect(Object.values(evaluate([], { a: 1 })).every((x) => x === 0)).toBe(true);
    expect(evaluate(['zz', 'a'], { a: 2 }).P_2).toBe(0.5);
  });

  it('refuses a docno listed twice, as trec_eval does', () => {
    expect(() => evaluate(['a', 'b', 'a'], { a: 1 })).toThrow('duplicate docno "a"');
  });
});

describe('trec_eval output', () => {
  it('prints %6.4f, halves to even like glibc printf', () => {
    expect(formatTrecValue(2 / 3)).toBe('0.6667');
    expect(formatTrecValue(0.03125)).toBe('0.0312'); // exact half → even (JS toFixed gives 0.0313)
    expect(formatTrecValue(0.09375)).toBe('0.0938'); // exact half → even
    expect(formatTrecValue(0.12345)).toBe('0.1235'); // the double is just above the half
    expect(formatTrecValue(1)).toBe('1.0000');
  });

  it('pads the measure name to 22 characters', () => {
    expect(formatTrecLine('P_5', 'q1', 0.4)).toBe('P_5                   \tq1\t0.4000');
  });
});
