import { describe, expect, it } from 'vitest';
import { BatchedCacheReader, type CachedHit } from './batched-reader.ts';

const hit = (text: string): CachedHit => ({ response: { text, timing: { latencyMs: 1 } }, runId: 'r' });

describe('BatchedCacheReader', () => {
  it('answers look-ups made in the same turn with one query of the distinct keys', async () => {
    const queries: string[][] = [];
    const reader = new BatchedCacheReader(async (keys) => {
      queries.push(keys);
      return new Map([['a', hit('A')]]);
    });
    const answers = await Promise.all(['a', 'b', 'a', 'c'].map((k) => reader.get(k)));
    expect(queries).toEqual([['a', 'b', 'c']]);
    expect(answers.map((a) => a?.response.text)).toEqual(['A', undefined, 'A', undefined]);
    await reader.get('b');
    expect(queries).toEqual([['a', 'b', 'c'], ['b']]);
  });

  it('a failed query rejects every look-up of its batch', async () => {
    const reader = new BatchedCacheReader(async () => {
      throw new Error('store is closed');
    });
    const results = await Promise.allSettled([reader.get('a'), reader.get('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
