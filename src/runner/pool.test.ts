import { describe, expect, it } from 'vitest';
import { BatchWriter } from './batch-writer.ts';
import { classifyError } from './errors.ts';
import { runPool } from './pool.ts';

describe('runPool', () => {
  it('processes every item once with at most `concurrency` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool(
      Array.from({ length: 25 }, (_, i) => i),
      3,
      async (i) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, (i % 4) * 2));
        seen.push(i);
        inFlight--;
      },
    );
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('stops scheduling after a worker throws and rejects with that error', async () => {
    const started: number[] = [];
    const run = runPool([1, 2, 3, 4, 5, 6], 1, async (i) => {
      started.push(i);
      if (i === 2) throw new Error('boom');
    });
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
});

describe('BatchWriter', () => {
  it('writes full batches in order and the remainder on flush', async () => {
    const batches: number[][] = [];
    const writer = new BatchWriter(
      async (batch) => {
        await new Promise((r) => setTimeout(r, 1));
        batches.push(batch.map((r) => r.repeat));
      },
      2,
      60_000,
    );
    const result = (repeat: number) => ({ repeat }) as never;
    for (let i = 0; i < 5; i++) await writer.add(result(i));
    await writer.flush();
    expect(batches).toEqual([[0, 1], [2, 3], [4]]);
  });
});

describe('classifyError', () => {
  it("keeps the SDK's exception class and attempts", () => {
    const err = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { attempts: 3 },
    });
    expect(classifyError(err, false)).toEqual({
      errorClass: 'ThrottlingException',
      errorMessage: 'Rate exceeded',
      attempts: 3,
    });
  });
  it('names a timeout as Timeout, and a multi-line message becomes one line', () => {
    expect(classifyError(new Error('aborted\n  at x'), true).errorClass).toBe('Timeout');
    expect(classifyError(new Error('a\n  b'), false)).toEqual({
      errorClass: 'Error',
      errorMessage: 'a b',
      attempts: 1,
    });
  });
});
