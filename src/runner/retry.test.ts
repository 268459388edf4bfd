import { describe, expect, it } from 'vitest';
import type { Target, TargetResponse } from '../core/types.ts';
import { classifyError, failureKind } from './errors.ts';
import { type AttemptError, executeCall } from './execute.ts';
import { backoffCeiling, backoffDelay, DEFAULT_RETRY, resolveRetryPolicy } from './retry.ts';

const sdkError = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), {
    name,
    ...(status ? { $metadata: { httpStatusCode: status } } : {}),
    ...extra,
  });

describe('backoff with full jitter', () => {
  const policy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000 };

  it('doubles the window per retry up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 60].map((n) => backoffCeiling(n, policy))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });

  it('draws uniformly inside the window: random 0 → 0, 0.5 → half, 0.999 → just under the ceiling', () => {
    expect(backoffDelay(2, policy, () => 0)).toBe(0);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(3, policy, () => 0.999)).toBeCloseTo(799.2, 6);
    expect(backoffDelay(9, policy, () => 0.25)).toBe(250);
  });

  it('is jittered and bounded over many draws (seeded)', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const delays = Array.from({ length: 2000 }, () => backoffDelay(1, policy, rand));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(200);
    expect(new Set(delays.map((d) => Math.floor(d / 20))).size).toBe(10); // every 20 ms band is hit
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(90);
    expect(mean).toBeLessThan(110);
  });

  it('fills in the defaults: 6 attempts, 100 ms base, 20 s cap', () => {
    expect(resolveRetryPolicy()).toEqual(DEFAULT_RETRY);
    expect(resolveRetryPolicy({ maxAttempts: 2 })).toEqual({
      maxAttempts: 2,
      baseDelayMs: 100,
      maxDelayMs: 20_000,
    });
  });
});

describe('failureKind', () => {
  it.each([
    [sdkError('ThrottlingException', 429), 'throttle'],
    [sdkError('SomethingElse', 429), 'throttle'],
    [sdkError('InternalServerException', 500), 'server'],
    [sdkError('ServiceUnavailableException', 503), 'server'],
    [sdkError('ModelNotReadyException', 429), 'server'], // a warming model, not a quota: no AIMD halving
    [sdkError('ModelNotReadyException'), 'server'],
    [sdkError('UnknownError', 502), 'server'],
    [sdkError('ModelTimeoutException', 408), 'timeout'],
    [sdkError('ModelStreamErrorException', 424), 'stream'],
    [Object.assign(new Error('Stream closed'), { code: 'ERR_HTTP2_STREAM_ERROR' }), 'stream'],
    [new Error('aborted'), 'stream'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'network'],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'network'],
    [sdkError('ValidationException', 400), 'client'],
    [sdkError('ResourceNotFoundException', 404), 'client'],
    [sdkError('AccessDeniedException', 403), 'client'],
    [sdkError('ConflictException', 409), 'client'],
    [new TypeError('x is not a function'), 'client'],
  ])('%s → %s', (err, kind) => {
    expect(failureKind(err, false)).toBe(kind);
  });

  it('our own timeout wins over whatever the SDK threw', () => {
    expect(failureKind(sdkError('AbortError'), true)).toBe('timeout');
    expect(classifyError(sdkError('AbortError'), true, 3)).toMatchObject({
      errorClass: 'Timeout',
      attempts: 3,
    });
  });

  it('stores the Node error code when the error has no class of its own', () => {
    const err = Object.assign(new Error('Stream closed'), { code: 'ERR_HTTP2_STREAM_ERROR' });
    expect(classifyError(err, false).errorClass).toBe('ERR_HTTP2_STREAM_ERROR');
  });
});

/** A target that fails with `errors[i]` on attempt i+1 and answers once they run out. */
function scriptedTarget(errors: unknown[]): Target & { calls: number } {
  const target = {
    id: 't',
    kind: 'stub',
    modelId: 'stub-model',
    calls: 0,
    async invoke(): Promise<TargetResponse> {
      const err = errors[target.calls++];
      if (err) throw err;
      return { text: 'fine', timing: { latencyMs: 1 } };
    },
  };
  return target;
}

async function run(errors: unknown[], maxAttempts = 4) {
  const target = scriptedTarget(errors);
  const sleeps: number[] = [];
  const attempts: AttemptError[] = [];
  const result = await executeCall(
    { id: 'c1', source: { file: 'd.csv', row: 2 }, vars: {} },
    0,
    () => ({ prompt: 'hi' }),
    {
      runId: 'r',
      target,
      scorers: [],
      timeoutMs: 1000,
      scoreContext: { targetId: 't', modelId: 'stub-model' },
      retry: { maxAttempts, baseDelayMs: 10, maxDelayMs: 50 },
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      onAttemptError: (info) => attempts.push(info),
    },
  );
  return { result, target, sleeps, attempts };
}

describe('executeCall retries', () => {
  it('retries a retryable error up to maxAttempts, then stores it with its class and attempts', async () => {
    const err = sdkError('InternalServerException', 500);
    const { result, target, sleeps, attempts } = await run([err, err, err, err, err], 4);
    expect(target.calls).toBe(4);
    expect(result.outcome).toMatchObject({
      status: 'error',
      errorClass: 'InternalServerException',
      attempts: 4,
    });
    // random 0.5 × min(50, 10·2^n) for n = 0, 1, 2
    expect(sleeps).toEqual([5, 10, 20]);
    expect(attempts.map((a) => [a.attempt, a.retrying])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
    ]);
  });

  it('ends ok when the failures clear before the limit', async () => {
    const { result, target, attempts } = await run([
      sdkError('ThrottlingException', 429),
      sdkError('X', 503),
    ]);
    expect(target.calls).toBe(3);
    expect(result.outcome.status).toBe('ok');
    expect(attempts.map((a) => a.kind)).toEqual(['throttle', 'server']);
  });

  it('does not retry a non-retryable error: attempts = 1', async () => {
    const { result, target, sleeps } = await run([sdkError('ValidationException', 400)]);
    expect(target.calls).toBe(1);
    expect(sleeps).toEqual([]);
    expect(result.outcome).toMatchObject({ status: 'error', errorClass: 'ValidationException', attempts: 1 });
  });

  it('times out an attempt after timeoutMs and retries it', async () => {
    let calls = 0;
    const target: Target = {
      id: 't',
      kind: 'stub',
      modelId: 'm',
      invoke: (_req, signal) =>
        new Promise((resolve, reject) => {
          if (++calls === 2) return resolve({ text: 'late but fine', timing: { latencyMs: 1 } });
          signal.addEventListener('abort', () =>
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
          );
        }),
    };
    const seen: AttemptError[] = [];
    const result = await executeCall(
      { id: 'c', source: { file: 'd.csv', row: 2 }, vars: {} },
      0,
      () => ({ prompt: 'p' }),
      {
        runId: 'r',
        target,
        scorers: [],
        timeoutMs: 20,
        scoreContext: { targetId: 't', modelId: 'm' },
        retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 },
        onAttemptError: (a) => seen.push(a),
      },
    );
    expect(calls).toBe(2);
    expect(seen).toEqual([{ errorClass: 'Timeout', kind: 'timeout', attempt: 1, retrying: true }]);
    expect(result.outcome.status).toBe('ok');
  });
});
