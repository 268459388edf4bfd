/**
 * Client-side rate limits of one target (suite `targets[].rateLimit`): requests per minute and tokens per
 * minute, each a token bucket refilled continuously at perMinute/60 per second with one second of burst.
 * A call that finds the bucket short WAITS for it (FIFO), it never fails.
 *
 * Tokens are estimated before the call (rendered prompt + system chars / 4, plus maxTokens) and corrected with
 * the real usage afterwards; a request larger than the bucket is let through when the bucket is full and
 * leaves it in debt, so the long-run rate still holds.
 */
import { sleep as defaultSleep } from './retry.ts';

export interface RateLimitConfig {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

/** Output tokens assumed when a target sets no maxTokens. */
export const DEFAULT_OUTPUT_TOKEN_ESTIMATE = 512;

/** Estimated tokens of one request: (prompt + system chars) / 4, plus the output budget. */
export function estimateTokens(
  request: { prompt: string; system?: string; inferenceConfig?: { maxTokens?: number } },
  defaultOutput = DEFAULT_OUTPUT_TOKEN_ESTIMATE,
): number {
  const chars = request.prompt.length + (request.system?.length ?? 0);
  return Math.ceil(chars / 4) + (request.inferenceConfig?.maxTokens ?? defaultOutput);
}

type Clock = () => number;
type Sleep = (ms: number) => Promise<void>;

/** A token bucket whose `take` waits until enough tokens are there; takers are served in order. */
export class WaitingBucket {
  private tokens: number;
  private last: number;
  private pending = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    readonly capacity: number,
    private readonly now: Clock = () => performance.now(),
    private readonly sleep: Sleep = defaultSleep,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Tokens available now (negative = debt). */
  available(): number {
    this._refill();
    return this.tokens;
  }

  /** Takes `n` tokens, waiting until at least min(n, capacity) are there. */
  take(n: number): Promise<void> {
    if (this.pending === 0 && this.available() >= Math.min(n, this.capacity)) {
      this.tokens -= n;
      return Promise.resolve();
    }
    this.pending++;
    const turn = this.queue.then(() => this._waitFor(n));
    this.queue = turn.finally(() => {
      this.pending--;
    });
    return turn;
  }

  /** Gives tokens back (or, with a negative `n`, charges more), capped at the capacity. */
  give(n: number): void {
    this._refill();
    this.tokens = Math.min(this.capacity, this.tokens + n);
  }

  private async _waitFor(n: number): Promise<void> {
    const need = Math.min(n, this.capacity);
    for (let have = this.available(); have < need; have = this.available()) {
      await this.sleep(Math.max(1, ((need - have) / this.perSecond) * 1000));
    }
    this.tokens -= n;
  }

  private _refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
  }
}

/** Both limits of one target; without any limit, `acquire` resolves at once. */
export class RateLimiter {
  private readonly requests: WaitingBucket | undefined;
  private readonly tokens: WaitingBucket | undefined;

  constructor(config: RateLimitConfig = {}, now?: Clock, sleep?: Sleep) {
    const rpm = config.requestsPerMinute;
    const tpm = config.tokensPerMinute;
    this.requests = rpm ? new WaitingBucket(rpm / 60, Math.max(1, rpm / 60), now, sleep) : undefined;
    this.tokens = tpm ? new WaitingBucket(tpm / 60, Math.max(1, tpm / 60), now, sleep) : undefined;
  }

  get limited(): boolean {
    return this.requests !== undefined || this.tokens !== undefined;
  }

  /** Waits until one request of `estimatedTokens` may be sent, and charges it. */
  async acquire(estimatedTokens: number): Promise<void> {
    if (this.requests) await this.requests.take(1);
    if (this.tokens) await this.tokens.take(estimatedTokens);
  }

  /**
   * Corrects the token charge of a finished request: `actualTokens` from the response's usage, or undefined
   * when the service consumed nothing (a throttled request), which refunds the estimate.
   */
  settle(estimatedTokens: number, actualTokens: number | undefined): void {
    this.tokens?.give(estimatedTokens - (actualTokens ?? 0));
  }
}
