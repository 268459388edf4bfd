import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalBackend, startLocalBackend } from '../local/index.ts';
import { runHttpStep, stepPlan } from './http-generator.ts';
import type { HttpRequestPlan } from './http-requests.ts';
import type { StepSpec } from './types.ts';

let backend: LocalBackend;
const body = (q: string): string => JSON.stringify({ question: q });

function plan(
  url: string,
  bodies: string[] = [body('How much does the Personal plan cost per month?')],
): HttpRequestPlan {
  return { url, method: 'POST', headers: { 'content-type': 'application/json' }, bodies, timeoutMs: 5000 };
}
function closed(concurrency: number, maxRequests: number, durationMs = 5000): StepSpec {
  return { label: `c=${concurrency}`, mode: 'closed', concurrency, durationMs, maxRequests };
}

/** A bare HTTP server on 127.0.0.1 for behaviours the backend does not have (redirects, silence). */
async function server(
  handler: http.RequestListener,
): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const s = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => {
      data += c.toString();
    });
    req.on('end', () => {
      hits.push(data);
      handler(req, res);
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  };
}

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
});
afterAll(() => backend.close());
beforeEach(() => {
  backend.setFaults({ latencyScale: 0 });
  backend.resetStats();
});

describe('runHttpStep against the local POST /chat', () => {
  it('a closed step sends exactly maxRequests; every response is in the histogram', async () => {
    const r = await runHttpStep(plan(`${backend.url}/chat`), closed(4, 40));
    expect(r.requests).toBe(40);
    expect(r.ok).toBe(40);
    expect(r.errorsByClass).toEqual({});
    expect(r.histograms.latencyUs.totalCount).toBe(40);
    expect(r.elapsedMs).toBeGreaterThan(0);
    expect(r.elapsedMs).toBeLessThan(5000);
    const stats = backend.stats();
    expect(stats.requests).toBe(40);
    expect(stats.ok).toBe(40);
  });

  it('injected 5xx faults are 503s, throttles are 429s, classified like the backend counted them', async () => {
    backend.setFaults({ latencyScale: 0, errorRate: 1 });
    const errors = await runHttpStep(plan(`${backend.url}/chat`), closed(2, 20));
    expect(errors).toMatchObject({ requests: 20, ok: 0, throttled: 0, errorsByClass: { '503': 20 } });
    expect(errors.histograms.latencyUs.totalCount).toBe(20);

    backend.setFaults({ latencyScale: 0, throttleRate: 0.5, seed: 7 });
    backend.resetStats();
    const mixed = await runHttpStep(plan(`${backend.url}/chat`), closed(2, 60));
    const stats = backend.stats();
    expect(mixed.requests).toBe(60);
    expect(stats.requests).toBe(60);
    expect(mixed.throttled).toBe(stats.throttled);
    expect(mixed.ok).toBe(stats.ok);
    expect(mixed.ok + mixed.throttled).toBe(60);
    expect(mixed.errorsByClass).toEqual({ '429': stats.throttled });
    expect(mixed.throttled).toBeGreaterThan(10);
    expect(mixed.histograms.latencyUs.totalCount).toBe(60);
  });

  it('a step ends at its duration when the request bound is not reached', async () => {
    backend.setFaults({ latencyScale: 0, latency: { kind: 'fixed', ms: 50 } });
    const t0 = performance.now();
    const r = await runHttpStep(plan(`${backend.url}/chat`), closed(1, 10_000, 500));
    const wall = performance.now() - t0;
    // One connection, ≥ 50 ms per request, 0.5 s (+ up to one 100 ms tick) → at most 12 requests.
    expect(r.requests).toBeGreaterThanOrEqual(5);
    expect(r.requests).toBeLessThanOrEqual(12);
    expect(wall).toBeLessThan(1200);
    expect(r.histograms.latencyUs.getValueAtPercentile(50) / 1000).toBeGreaterThanOrEqual(50);
  });

  it('open loop at 20/s for 1 s sends rate × duration = 20 requests', async () => {
    const spec: StepSpec = {
      label: 'rate=20/s',
      mode: 'open',
      ratePerSec: 20,
      arrival: 'constant',
      durationMs: 1000,
      maxRequests: 1000,
    };
    const r = await runHttpStep(plan(`${backend.url}/chat`), spec);
    // 20 connections at 1 request/s each; the step's arrivals are capped at rate × duration = 20.
    expect(r.requests).toBe(20);
    expect(r.ok).toBe(20);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(1000);
    expect(stepPlan(spec)).toEqual({ connections: 20, maxRequests: 20, overallRate: 20 });
    expect(stepPlan({ ...spec, ratePerSec: 500, maxRequests: 300 })).toEqual({
      connections: 128,
      maxRequests: 300,
      overallRate: 500,
    });
  });
});

describe('runHttpStep: bodies, redirects, timeouts', () => {
  it('draws dataset bodies round-robin', async () => {
    const app = await server((_req, res) => res.end('ok'));
    try {
      const r = await runHttpStep(plan(`${app.url}/chat`, ['a', 'b', 'c']), closed(1, 7));
      expect(r.ok).toBe(7);
      expect(app.hits).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
    } finally {
      await app.close();
    }
  });

  it('never follows a redirect: only the named address is contacted', async () => {
    const elsewhere = await server((_req, res) => res.end('should not be reached'));
    const app = await server((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/chat` });
      res.end();
    });
    try {
      const r = await runHttpStep(plan(`${app.url}/chat`), closed(2, 10));
      expect(r).toMatchObject({ requests: 10, ok: 0, errorsByClass: { '302': 10 } });
      expect(app.hits).toHaveLength(10);
      expect(elsewhere.hits).toHaveLength(0);
    } finally {
      await app.close();
      await elsewhere.close();
    }
  });

  it('counts requests the server dropped, by class, and keeps to the request bound', async () => {
    const rude = net.createServer((socket) => socket.destroy());
    await new Promise<void>((r) => rude.listen(0, '127.0.0.1', r));
    const { port } = rude.address() as AddressInfo;
    try {
      const t0 = performance.now();
      const r = await runHttpStep(plan(`http://127.0.0.1:${port}/chat`), closed(2, 20, 3000));
      expect(r.ok).toBe(0);
      // Each connection sends its 10, every one closed unanswered (or reset, by socket error code).
      expect(r.requests).toBe(20);
      expect(Object.values(r.errorsByClass).reduce((a, b) => a + b, 0)).toBe(20);
      expect(
        Object.keys(r.errorsByClass).every((k) => k === 'connection_closed' || /^E[A-Z]+$/.test(k)),
      ).toBe(true);
      expect(r.histograms.latencyUs.totalCount).toBe(0);
      expect(performance.now() - t0).toBeLessThan(2000);
    } finally {
      await new Promise<void>((r) => rude.close(() => r()));
    }
  });

  it('classifies client timeouts', async () => {
    const silent = await server(() => {});
    try {
      const p = { ...plan(`${silent.url}/chat`), timeoutMs: 1000 };
      const r = await runHttpStep(p, closed(1, 100, 2500));
      // 1 s timeout (autocannon's smallest), one connection, 2.5 s → timeouts at 1 s and 2 s.
      expect(r.timeouts).toBe(2);
      expect(r.ok).toBe(0);
      expect(r.errorsByClass).toEqual({ timeout: r.timeouts });
      expect(r.histograms.latencyUs.totalCount).toBe(2);
      expect(r.histograms.latencyUs.maxValue / 1000).toBeCloseTo(1000, -1);
    } finally {
      await silent.close();
    }
  });
});
