import { describe, expect, it } from 'vitest';
import type { EvalCase } from '../core/types.ts';
import { fnv1aUtf8 as fnv1a } from '../textkit/fnv.ts';
import { inShard, parseShard, shardOf } from './shard.ts';

const cases = (ids: string[]): EvalCase[] =>
  ids.map((id, i) => ({ id, source: { file: 'd.csv', row: i + 2 }, vars: {} }));

async function collect(it: AsyncIterable<EvalCase>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of it) out.push(c.id);
  return out;
}

async function* from(list: EvalCase[]) {
  yield* list;
}

describe('shards', () => {
  it('hashes with FNV-1a 32-bit (reference values)', () => {
    // published FNV-1a test vectors: "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('parses i/n and refuses anything else in one line', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0', '1/2000']) {
      expect(() => parseShard(bad)).toThrow(/expected i\/n with 1 ≤ i ≤ n ≤ 1024, e\.g\. 2\/4$/);
    }
  });

  it('splits cases into disjoint shards that cover them all, whatever the order they are read in', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `case-${i}`);
    const shards = await Promise.all(
      [1, 2, 3, 4].map((index) => collect(inShard(from(cases(ids)), { index, count: 4 }))),
    );
    expect(shards.flat().sort()).toEqual([...ids].sort());
    expect(new Set(shards.flat()).size).toBe(200);
    // each shard gets a fair share (expected 50; FNV-1a spreads these ids within ±15)
    for (const s of shards) expect(Math.abs(s.length - 50)).toBeLessThan(15);
    const reversed = await collect(inShard(from(cases([...ids].reverse())), { index: 3, count: 4 }));
    expect(reversed.sort()).toEqual([...shards[2]!].sort());
    expect(shards[2]!.every((id) => shardOf(id, 4) === 3)).toBe(true);
    expect(await collect(inShard(from(cases(['x', 'y']))))).toEqual(['x', 'y']);
  });
});
