/**
 * Fault injection for the local backend: extra latency, a req/s quota and a tokens/min quota (both answered
 * ThrottlingException), 5xx rates, model timeouts and stream cuts. Every decision comes from seeded PRNGs, one
 * per fault kind, so a run with the same seed and the same request order reproduces the same storm, and
 * changing one rate does not reshuffle the others.
 */
import { z } from 'zod';
import { Sampler } from './models/sampling.ts';
import { mulberry32, standardNormal } from './prng.ts';
import { type TokenEntry, TokenWindow } from './token-window.ts';

const _ms = z.number().finite().nonnegative();
const _rate = z.number().min(0).max(1);

export const LatencyDistributionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), ms: _ms }),
  z.strictObject({ kind: z.literal('uniform'), minMs: _ms, maxMs: _ms }),
  z.strictObject({ kind: z.literal('normal'), meanMs: _ms, stdDevMs: _ms }),
  z.strictObject({ kind: z.literal('lognormal'), medianMs: _ms, sigma: _ms }),
]);

export const FaultConfigSchema = z.strictObject({
  /** Seed of the PRNGs (default 1). */
  seed: z.number().int().optional(),
  /** Extra milliseconds added to every model request (before the first byte). */
  latency: LatencyDistributionSchema.optional(),
  /** Multiplies the models' own latency profile; 0 = instant (unit tests). Default 1. */
  latencyScale: _ms.optional(),
  /** Token-bucket quota; requests above it are answered ThrottlingException (429). */
  requestsPerSecond: z.number().positive().optional(),
  /** Bucket size (burst); default max(1, requestsPerSecond). */
  burst: z.number().int().positive().optional(),
  /**
   * Tokens-per-minute quota over a sliding 60 s window: a request reserves input tokens + maxTokens (1000
   * when unset) and is answered ThrottlingException (429) when the window would exceed the quota; on
   * success the reservation is corrected to the real input + output tokens.
   */
  tokensPerMinute: z.number().positive().optional(),
  /** Fraction of requests answered ThrottlingException (429) at random, whatever the quotas (a throttle storm). */
  throttleRate: _rate.optional(),
  /** Fraction of requests answered InternalServerException (500) or ServiceUnavailableException (503). */
  errorRate: _rate.optional(),
  /** Fraction of requests answered ModelTimeoutException (408) after `timeoutDelayMs`. */
  timeoutRate: _rate.optional(),
  /** Delay before a timeout answer, ms (default 1000, not scaled by latencyScale). */
  timeoutDelayMs: _ms.optional(),
  /** Fraction of streaming responses cut after `streamCutAfterEvents` events. */
  streamCutRate: _rate.optional(),
  /** Events sent before a cut (default 2). */
  streamCutAfterEvents: z.number().int().nonnegative().optional(),
  /** `reset` destroys the connection stream; `exception` sends a modelStreamErrorException frame and ends. */
  streamCutMode: z.enum(['reset', 'exception']).optional(),
  /**
   * Exact stream timing for the streaming routes (ConverseStream, InvokeModelWithResponseStream,
   * InvokeEndpointWithResponseStream), replacing the model's latency plan (and not scaled by latencyScale): the
   * first content delta / PayloadPart leaves `ttftMs` after the request arrived (plus any `latency` extra), each
   * later one `interTokenMs` after the previous, on absolute deadlines (no drift). For load-test calibration.
   */
  streamTiming: z.strictObject({ ttftMs: _ms, interTokenMs: _ms }).optional(),
  /**
   * Model nondeterminism (MODELS.md, "Sampling"): when present, requests with temperature > 0 sample their answer
   * sentence; `seed` makes it reproducible (absent: fresh randomness). Absent = deterministic models.
   */
  sampling: z.strictObject({ seed: z.number().int().optional() }).optional(),
});

export type LatencyDistribution = z.infer<typeof LatencyDistributionSchema>;
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

/** What the injector decided for one model request. */
export type FaultDecision =
  | { kind: 'throttle'; quota: 'requests' | 'tokens' }
  | { kind: 'error'; errorName: 'InternalServerException' | 'ServiceUnavailableException' }
  | { kind: 'timeout'; delayMs: number }
  | {
      kind: 'ok';
      extraLatencyMs: number;
      /** For streams: cut after this many events, or undefined for no cut. */
      cutAfterEvents: number | undefined;
      cutMode: 'reset' | 'exception';
      /** The tokens/min reservation, when that quota is on: settle it with the real usage. */
      tokens?: TokenEntry;
    };

/** Validate a fault config (from JSON); throws a one-line Error naming the bad field. */
export function parseFaultConfig(input: unknown): FaultConfig {
  const parsed = FaultConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new Error(`invalid fault config at ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Draw one latency sample (ms, never negative) from a distribution. */
export function sampleLatency(dist: LatencyDistribution, rand: () => number): number {
  switch (dist.kind) {
    case 'fixed':
      return dist.ms;
    case 'uniform':
      return dist.minMs + (Math.max(dist.maxMs, dist.minMs) - dist.minMs) * rand();
    case 'normal':
      return Math.max(0, dist.meanMs + dist.stdDevMs * standardNormal(rand));
    case 'lognormal':
      return dist.medianMs * Math.exp(dist.sigma * standardNormal(rand));
  }
}

/** Token bucket: `rate` tokens per second, capacity `burst`, starts full. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

export class FaultInjector {
  readonly config: FaultConfig;
  /** The answer sampler when `sampling` is configured (reset with the faults). */
  readonly sampler: Sampler | undefined;
  private readonly bucket: TokenBucket | undefined;
  private readonly window: TokenWindow | undefined;
  private readonly rand: Record<
    'error' | 'errorKind' | 'timeout' | 'latency' | 'cut' | 'throttle',
    () => number
  >;

  constructor(config: FaultConfig = {}, now: () => number = () => performance.now()) {
    this.config = config;
    this.sampler = config.sampling ? new Sampler(config.sampling.seed) : undefined;
    const seed = config.seed ?? 1;
    this.rand = {
      error: mulberry32(seed),
      errorKind: mulberry32(seed + 1),
      timeout: mulberry32(seed + 2),
      latency: mulberry32(seed + 3),
      cut: mulberry32(seed + 4),
      throttle: mulberry32(seed + 5),
    };
    const rps = config.requestsPerSecond;
    this.bucket = rps ? new TokenBucket(rps, config.burst ?? Math.max(1, rps), now) : undefined;
    const tpm = config.tokensPerMinute;
    this.window = tpm ? new TokenWindow(tpm, now) : undefined;
  }

  get latencyScale(): number {
    return this.config.latencyScale ?? 1;
  }

  /**
   * Decide the fate of one model request. `streaming` requests may be cut. `estimatedTokens` is the request's
   * tokens/min reservation (see token-window.ts); a request refused for another fault releases it.
   */
  decide(streaming: boolean, estimatedTokens = 0): FaultDecision {
    const c = this.config;
    if (c.throttleRate && this.rand.throttle() < c.throttleRate)
      return { kind: 'throttle', quota: 'requests' };
    if (this.bucket && !this.bucket.take()) return { kind: 'throttle', quota: 'requests' };
    const tokens = this.window?.tryAdmit(estimatedTokens);
    if (this.window && !tokens) return { kind: 'throttle', quota: 'tokens' };
    const refuse = <D extends FaultDecision>(d: D): D => {
      if (tokens) this.window?.settle(tokens, 0);
      return d;
    };
    if (c.errorRate && this.rand.error() < c.errorRate) {
      const name = this.rand.errorKind() < 0.5 ? 'InternalServerException' : 'ServiceUnavailableException';
      return refuse({ kind: 'error', errorName: name });
    }
    if (c.timeoutRate && this.rand.timeout() < c.timeoutRate) {
      return refuse({ kind: 'timeout', delayMs: c.timeoutDelayMs ?? 1000 });
    }
    const extraLatencyMs = c.latency ? sampleLatency(c.latency, this.rand.latency) : 0;
    const cut = streaming && c.streamCutRate !== undefined && this.rand.cut() < c.streamCutRate;
    return {
      kind: 'ok',
      extraLatencyMs,
      cutAfterEvents: cut ? (c.streamCutAfterEvents ?? 2) : undefined,
      cutMode: c.streamCutMode ?? 'reset',
      ...(tokens ? { tokens } : {}),
    };
  }

  /** Correct a tokens/min reservation with the request's real usage (no-op without that quota). */
  settleTokens(entry: TokenEntry | undefined, actualTokens: number): void {
    if (entry) this.window?.settle(entry, actualTokens);
  }

  /** Tokens counted in the tokens/min window now (0 without that quota). */
  tokensInWindow(): number {
    return this.window?.used() ?? 0;
  }
}
