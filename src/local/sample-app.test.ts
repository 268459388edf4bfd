import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_APP_DEFAULT_MODEL } from './routes/sample-app.ts';
import { startLocalBackend } from './server.ts';
import type { LocalBackend } from './types.ts';

let backend: LocalBackend;

async function chat(payload: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${backend.url}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
});
afterAll(() => backend.close());
beforeEach(() => {
  backend.setFaults({ latencyScale: 0 });
  backend.resetStats();
});

describe('POST /chat (the sample app)', () => {
  it('answers from the policy with the default model, counted in the backend stats', async () => {
    const { status, json } = await chat({ question: 'How much does the Personal plan cost per month?' });
    expect(status).toBe(200);
    expect(json.model).toBe(SAMPLE_APP_DEFAULT_MODEL);
    expect(String(json.answer)).toContain('$9.99 per month');
    expect(typeof json.latencyMs).toBe('number');
    const stats = backend.stats();
    expect(stats.requests).toBe(1);
    expect(stats.models[SAMPLE_APP_DEFAULT_MODEL]?.ok).toBe(1);
  });

  it('takes a model from the body and waits its latency profile', async () => {
    backend.setFaults({ latencyScale: 1 });
    const t0 = performance.now();
    const { status, json } = await chat({
      question: 'How much storage does the Free plan include?',
      model: 'amazon.nova-micro-v1:0',
    });
    expect(status).toBe(200);
    expect(json.model).toBe('amazon.nova-micro-v1:0');
    expect(String(json.answer)).toContain('5 GB');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(Number(json.latencyMs) - 1);
    // nova-micro: baseMs 40 with ±10 % jitter, so at least 36 ms before the first byte.
    expect(Number(json.latencyMs)).toBeGreaterThanOrEqual(36);
  });

  it('rejects bad bodies with 400 and unknown models with 404', async () => {
    expect((await chat('not json')).status).toBe(400);
    expect(await chat({ question: '' })).toEqual({
      status: 400,
      json: { error: 'question must be a non-empty string' },
    });
    expect((await chat({ question: 'x', model: 'nope' })).status).toBe(404);
    expect(backend.stats().requests).toBe(0);
  });

  it('throttling faults answer 429, 5xx faults 503, timeouts 504', async () => {
    backend.setFaults({ latencyScale: 0, throttleRate: 1 });
    expect((await chat({ question: 'q' })).status).toBe(429);
    backend.setFaults({ latencyScale: 0, errorRate: 1 });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await chat({ question: 'q' })).status);
    expect(codes).toEqual([503, 503, 503, 503]);
    backend.setFaults({ latencyScale: 0, timeoutRate: 1, timeoutDelayMs: 5 });
    expect((await chat({ question: 'q' })).status).toBe(504);
    const stats = backend.stats();
    expect(stats.requests).toBe(6);
    expect(stats.throttled).toBe(1);
    expect(stats.errors.ModelTimeoutException).toBe(1);
  });
});
