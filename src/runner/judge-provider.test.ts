import { describe, expect, it } from 'vitest';
import type { Target } from '../core/types.ts';
import { CallGate } from './call-gate.ts';
import { withRetry } from './judge-provider.ts';

function slowJudge(failFirst: string[] = []) {
  let inFlight = 0;
  let peak = 0;
  let calls = 0;
  const target: Target = {
    id: 'judge',
    kind: 'fake',
    modelId: 'm',
    async invoke() {
      calls++;
      const fail = failFirst.shift();
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      if (fail) throw Object.assign(new Error(fail), { name: fail });
      return {
        text: '{}',
        usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 },
        timing: { latencyMs: 5 },
      };
    },
  };
  return { target, peak: () => peak, calls: () => calls };
}

const request = { prompt: 'judge this' };

describe('judge calls through withRetry', () => {
  it('are admitted by the judge model gate: never more than its concurrency in flight', async () => {
    const judge = slowJudge();
    const gated = withRetry(judge.target, {}, new CallGate({ concurrency: 2, pacing: false }));
    await Promise.all(Array.from({ length: 10 }, () => gated.invoke(request, AbortSignal.timeout(5000))));
    expect(judge.peak()).toBe(2);
    expect(judge.calls()).toBe(10);
  });

  it('retry throttles and 5xx with backoff, but not a validation error', async () => {
    const busy = slowJudge(['ThrottlingException', 'ServiceUnavailableException']);
    const retried = withRetry(busy.target, { baseDelayMs: 1, maxDelayMs: 2 });
    await expect(retried.invoke(request, AbortSignal.timeout(5000))).resolves.toMatchObject({ text: '{}' });
    expect(busy.calls()).toBe(3);

    const invalid = slowJudge(['ValidationException']);
    const once = withRetry(invalid.target, { baseDelayMs: 1, maxDelayMs: 2 });
    await expect(once.invoke(request, AbortSignal.timeout(5000))).rejects.toThrow('ValidationException');
    expect(invalid.calls()).toBe(1);
  });
});
