import { describe, expect, it } from 'vitest';
import { Bm25 } from './bm25.ts';
import { reciprocalRankFusion } from './rrf.ts';

describe('Bm25 (k1 1.2, b 0.75) on a 3-document toy corpus', () => {
  // Content terms (stopwords "the", "on", "and" removed):
  //   d1 cat sat mat                  |d| = 3
  //   d2 dog sat log                  |d| = 3
  //   d3 cats dogs cat chased dog     |d| = 5      avgdl = 11/3
  const bm = new Bm25();
  bm.add('d1', 'The cat sat on the mat.');
  bm.add('d2', 'The dog sat on the log.');
  bm.add('d3', 'Cats and dogs: the cat chased the dog.');

  // n(cat) = n(sat) = 2, N = 3: idf = ln(1 + 1.5/2.5) = ln 1.6 = 0.470004
  // |d| = 3: norm = 1.2(0.25 + 0.75·3/(11/3)) = 1.036364; term = idf·2.2/(1 + 1.036364) = 0.507772
  // |d| = 5: norm = 1.2(0.25 + 0.75·5/(11/3)) = 1.527273; term = idf·2.2/(1 + 1.527273) = 0.409140
  it('scores "cat sat" as worked out by hand', () => {
    const r = bm.search('cat sat', 10);
    expect(r.map((x) => x.id)).toEqual(['d1', 'd2', 'd3']);
    expect(r[0]?.score).toBeCloseTo(1.015544, 5);
    expect(r[1]?.score).toBeCloseTo(0.507772, 5);
    expect(r[2]?.score).toBeCloseTo(0.40914, 5);
    expect(bm.idf('cat')).toBeCloseTo(Math.log(1.6), 10);
  });

  it('scoreArray is aligned with insertion order (0 for no match)', () => {
    const a = bm.scoreArray('mat');
    expect(bm.idsInOrder()).toEqual(['d1', 'd2', 'd3']);
    expect(a[0]).toBeCloseTo(bm.search('mat', 1)[0]?.score ?? -1, 12);
    expect([a[1], a[2]]).toEqual([0, 0]);
  });

  it('counts a repeated query term once, ignores stopwords, truncates to k, skips non-matching docs', () => {
    expect(bm.search('the cat cat', 10)).toEqual(bm.search('cat', 10));
    expect(bm.search('the and on', 10)).toEqual([]);
    expect(bm.search('cat sat', 1).map((x) => x.id)).toEqual(['d1']);
    expect(bm.search('mat', 10).map((x) => x.id)).toEqual(['d1']);
    expect(bm.search('cat', 0)).toEqual([]);
  });

  it('a rare term outweighs a common one: idf(mat) = ln(1 + 2.5/1.5)', () => {
    expect(bm.idf('mat')).toBeCloseTo(Math.log(1 + 2.5 / 1.5), 10);
    expect(bm.idf('unknown')).toBeCloseTo(Math.log(1 + 3.5 / 0.5), 10);
  });

  it('breaks ties by id ascending and rejects duplicate ids', () => {
    const t = new Bm25();
    t.add('b', 'same text');
    t.add('a', 'same text');
    t.add('c', 'other words');
    expect(t.search('text', 5).map((x) => x.id)).toEqual(['a', 'b']);
    expect(() => t.add('a', 'x')).toThrow('duplicate document id "a"');
  });

  it('honours k1/b options: b = 0 ignores length', () => {
    const t = new Bm25({ k1: 1, b: 0 });
    t.add('short', 'refund');
    t.add('long', 'refund policy details terms');
    const r = t.search('refund', 2);
    expect(r[0]?.score).toBeCloseTo(r[1]?.score ?? 0, 12);
    expect(r.map((x) => x.id)).toEqual(['long', 'short']);
  });
});

describe('reciprocalRankFusion', () => {
  it('sums 1/(k + rank) per list', () => {
    const r = reciprocalRankFusion([
      [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      [{ id: 'b' }, { id: 'c' }, { id: 'd' }],
    ]);
    expect(r.map((x) => x.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(r[0]?.score).toBeCloseTo(1 / 62 + 1 / 61, 12); // 0.032522
    expect(r[1]?.score).toBeCloseTo(1 / 63 + 1 / 62, 12); // 0.032002
    expect(r[2]?.score).toBeCloseTo(1 / 61, 12);
    expect(r[3]?.score).toBeCloseTo(1 / 63, 12);
  });

  it('uses the given k, counts duplicates once and breaks ties by id', () => {
    const r = reciprocalRankFusion(
      [
        [{ id: 'x' }, { id: 'x' }, { id: 'y' }],
        [{ id: 'y' }, { id: 'x' }],
      ],
      1,
    );
    // x: 1/(1+1) + 1/(1+2) = 0.833333 (its second copy in list 1 is ignored); y: 1/(1+3) + 1/(1+1) = 0.75
    expect(r).toEqual([
      { id: 'x', score: 1 / 2 + 1 / 3 },
      { id: 'y', score: 1 / 4 + 1 / 2 },
    ]);
    const tie = reciprocalRankFusion([[{ id: 'q' }], [{ id: 'p' }]]);
    expect(tie.map((x) => x.id)).toEqual(['p', 'q']);
    expect(reciprocalRankFusion([])).toEqual([]);
  });
});
