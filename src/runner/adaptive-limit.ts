/**
 * Adaptive concurrency (AIMD) for one target: an async semaphore whose limit starts at the target's
 * `concurrency`, halves (min 1) on a throttle and grows back by +1 after a run of successes, up to the max.
 *
 * A burst of throttles from requests that were all in flight together is ONE congestion signal, not N: a
 * throttle only halves the limit when its request was admitted after the previous decrease (the `epoch`
 * handed out by `acquire`), as TCP halves its window at most once per round trip. Without this, 32 requests
 * throttled at once would collapse the limit from 32 to 1 and leave the quota unused.
 */

export type AttemptOutcome = 'ok' | 'throttle' | 'error';

/** Proof of a held slot; pass it back to `release`. */
export interface Slot {
  readonly epoch: number;
}

export class AdaptiveLimit {
  private _limit: number;
  private _active = 0;
  private epoch = 0;
  private streak = 0;
  private readonly waiters: Array<(slot: Slot) => void> = [];

  /**
   * @param max the configured concurrency (start and ceiling)
   * @param growAfter consecutive successes that earn +1
   */
  constructor(
    readonly max: number,
    private readonly growAfter = 4,
  ) {
    this._limit = Math.max(1, Math.floor(max));
  }

  /** The current limit. */
  get limit(): number {
    return this._limit;
  }

  /** Slots held right now. */
  get active(): number {
    return this._active;
  }

  /** Waits for a slot (FIFO). */
  acquire(): Promise<Slot> {
    if (this._active < this._limit && this.waiters.length === 0) {
      this._active++;
      return Promise.resolve({ epoch: this.epoch });
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Returns a slot and feeds the outcome of its attempt into the limit. */
  release(slot: Slot, outcome: AttemptOutcome): void {
    this._active--;
    if (outcome === 'throttle') {
      this.streak = 0;
      if (slot.epoch === this.epoch) {
        this._limit = Math.max(1, Math.floor(this._limit / 2));
        this.epoch++;
      }
    } else if (outcome === 'ok' && ++this.streak >= this.growAfter) {
      this.streak = 0;
      if (this._limit < this.max) this._limit++;
    }
    this._drain();
  }

  private _drain(): void {
    while (this._active < this._limit && this.waiters.length > 0) {
      this._active++;
      this.waiters.shift()?.({ epoch: this.epoch });
    }
  }
}
