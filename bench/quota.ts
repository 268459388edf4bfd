/**
 * Figure 1: quota utilisation. A 1,000-case run against the local backend with a quota of R requests/s (the
 * backend's token bucket, burst R unless given) and zero model latency. The backend's counters are sampled
 * every 20 ms. The achieved rate is measured once warmed up, from the first throttle at least 1 s after the
 * start — the moment the service's bucket is known to be empty, so tokens left unused earlier cannot inflate
 * the figure (at most R · 20 ms + 1 can) — to the sample where the last success had landed. Only successful
 * calls count. Without any throttle after 1 s the window starts at 1 s (and the figure may then include up to
 * `burst` unused tokens).
 */
import { join } from 'node:path';
import { type BackendProcess, startBackendProcess } from './_backend-process.ts';
import { writeBenchSuite } from './_fixtures.ts';
import { runSuiteFile, tallyRun } from './_run.ts';
import { figure, note, sleep, withTempDir } from './_util.ts';

export interface QuotaOptions {
  cases?: number;
  requestsPerSecond?: number;
  /** Bucket size (default R, the backend's default). */
  burst?: number;
  concurrency?: number;
  warmupMs?: number;
}

interface Sample {
  t: number;
  ok: number;
  throttled: number;
}

/** Poll the backend's ok count until `stop` resolves. */
async function _sample(backend: BackendProcess, t0: number, stop: { done: boolean }): Promise<Sample[]> {
  const samples: Sample[] = [];
  const take = async (): Promise<void> => {
    const { ok, throttled } = await backend.stats();
    samples.push({ t: performance.now() - t0, ok, throttled });
  };
  while (!stop.done) {
    await take();
    await sleep(20);
  }
  await take();
  return samples;
}

/**
 * Successful requests/s from the first sample at/after `fromMs` that saw a new throttle (else the first sample
 * at/after `fromMs`) to the first sample holding the final success count.
 */
export function warmRate(
  samples: readonly Sample[],
  fromMs: number,
): { rate: number; windowMs: number; startMs: number; fromThrottle: boolean } {
  const last = samples[samples.length - 1];
  const throttledAt = samples.findIndex(
    (s, i) => s.t >= fromMs && i > 0 && s.throttled > (samples[i - 1]?.throttled ?? 0),
  );
  const start = throttledAt >= 0 ? samples[throttledAt] : samples.find((s) => s.t >= fromMs);
  const end = samples.find((s) => s.ok === last?.ok);
  if (!start || !end || end.t <= start.t) return { rate: 0, windowMs: 0, startMs: 0, fromThrottle: false };
  const windowMs = end.t - start.t;
  return {
    rate: ((end.ok - start.ok) / windowMs) * 1000,
    windowMs,
    startMs: start.t,
    fromThrottle: throttledAt >= 0,
  };
}

export async function benchQuota(o: QuotaOptions = {}): Promise<void> {
  const cases = o.cases ?? 1000;
  const rps = o.requestsPerSecond ?? 50;
  const concurrency = o.concurrency ?? 32;
  const burst = o.burst ?? rps;
  const backend = await startBackendProcess({ latencyScale: 0 });
  try {
    await withTempDir('quota', async (dir) => {
      const suite = await writeBenchSuite(dir, cases, { name: 'bench-quota', concurrency });
      const dbPath = join(dir, 'quota.duckdb');
      await backend.setFaults({ latencyScale: 0, requestsPerSecond: rps, burst });
      await backend.resetStats();
      const stop = { done: false };
      const t0 = performance.now();
      const sampling = _sample(backend, t0, stop);
      const run = await runSuiteFile(suite, dbPath, backend.url).finally(() => {
        stop.done = true;
      });
      const samples = await sampling;
      const stats = await backend.stats();
      const tally = await tallyRun(dbPath, run.runId);
      const { rate, windowMs, startMs, fromThrottle } = warmRate(samples, o.warmupMs ?? 1000);
      const from = fromThrottle ? 'the first throttle' : 'the warm-up (no throttle seen after it)';
      note(
        `quota: ${cases} cases, concurrency ${concurrency}; window ${(windowMs / 1000).toFixed(2)} s from ` +
          `${from} at ${(startMs / 1000).toFixed(2)} s; run took ${(run.ms / 1000).toFixed(2)} s; ` +
          `stored errors by class ${JSON.stringify(tally.errorClasses)}`,
      );
      figure('quota_rps', rps);
      figure('quota_burst', burst);
      figure('quota_achieved_rps', rate);
      figure('quota_achieved_fraction', rate / rps);
      figure('quota_cases_lost', cases - tally.keys);
      figure('quota_cases_ok', tally.ok);
      figure('quota_cases_error', tally.errors);
      figure('quota_backend_requests', stats.requests);
      figure('quota_backend_throttled', stats.throttled);
      figure('quota_run_record_throttles', run.counts.throttles);
    });
  } finally {
    await backend.close();
  }
}
