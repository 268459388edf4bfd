/**
 * Admission of one target's attempts: every attempt (first try or retry) passes the gate before it is sent and
 * reports its outcome after. The gate holds the target's adaptive concurrency limit (AIMD), its client-side
 * rate limits (requests/min, tokens/min) and its throttle pacer.
 *
 * Order: a concurrency slot first, then the rate limits and the pacer, so that the moment the pacer grants is
 * the moment the request goes out (a granted send time is never spent waiting for a slot).
 */
import { AdaptiveLimit, type AttemptOutcome, type Slot } from './adaptive-limit.ts';
import { ThrottlePacer } from './pacer.ts';
import { type RateLimitConfig, RateLimiter } from './rate-limit.ts';

export interface CallGateOptions {
  /** The target's configured concurrency: start and ceiling of the adaptive limit. */
  concurrency: number;
  rateLimit?: RateLimitConfig;
  /** Turn the throttle pacer off (default on). */
  pacing?: boolean;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** One admitted attempt; hand it back to `leave`. */
export interface Ticket {
  readonly slot: Slot;
  /** The pacer's epoch when the attempt was scheduled. */
  readonly pacerEpoch: number;
  readonly estimatedTokens: number;
}

export class CallGate {
  readonly concurrency: AdaptiveLimit;
  readonly rateLimiter: RateLimiter;
  readonly pacer: ThrottlePacer | undefined;

  constructor(opts: CallGateOptions) {
    this.concurrency = new AdaptiveLimit(opts.concurrency);
    this.rateLimiter = new RateLimiter(opts.rateLimit, opts.now, opts.sleep);
    this.pacer = opts.pacing === false ? undefined : new ThrottlePacer(opts.now, opts.sleep);
  }

  /** Waits until one attempt of about `estimatedTokens` may be sent. */
  async enter(estimatedTokens: number): Promise<Ticket> {
    const slot = await this.concurrency.acquire();
    if (this.rateLimiter.limited) await this.rateLimiter.acquire(estimatedTokens);
    const pacerEpoch = this.pacer ? await this.pacer.wait() : 0;
    return { slot, pacerEpoch, estimatedTokens };
  }

  /** Reports how the attempt ended; `usedTokens` from the response's usage when there is one. */
  leave(ticket: Ticket, outcome: AttemptOutcome, usedTokens?: number): void {
    this.concurrency.release(ticket.slot, outcome);
    if (outcome === 'throttle') this.pacer?.onThrottle(ticket.pacerEpoch);
    else if (outcome === 'ok') this.pacer?.onSuccess();
    const charged = outcome === 'throttle' ? undefined : (usedTokens ?? ticket.estimatedTokens);
    if (this.rateLimiter.limited) this.rateLimiter.settle(ticket.estimatedTokens, charged);
  }
}
