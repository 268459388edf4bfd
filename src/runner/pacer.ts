/**
 * Throttle pacing: a send rate LEARNED from the service's throttles, in the spirit of the AWS SDK's `adaptive`
 * retry mode. Until the first throttle there is no limit. On a throttle the rate drops to β · W, where W is
 * what the service granted over the last second (requests sent minus requests throttled), then climbs back to
 * W over one second and keeps probing above it (doubling every half second) until the next throttle.
 *
 * Why: against a quota of R req/s at low latency, concurrency does not bound the send rate, so backoff alone
 * either floods the service (most attempts throttled, cases run out of attempts) or idles it. Pacing keeps
 * the offered rate around R: the service's bucket never overflows (its burst absorbs the dip below R and is
 * drained by the probe above it), so successes stay at ≈ R/s while throttles fall to a few per cycle.
 *
 * Requests queue FIFO and a dispatcher releases them one interval apart at the rate of the moment, so a
 * rate change applies at once to everything waiting. As in AIMD, a throttle only counts when its request was
 * released after the last decrease (the epoch `wait` returns); the rest are the same congestion signal.
 */

const BETA = 0.7;
const PROBE_DOUBLING_MS = 500;
const RECOVER_MS = 1000;
const MIN_RATE = 0.5;
/**
 * The rate never falls below this fraction of the highest success rate seen (answers per second, measured at
 * each throttle). Throttles that do not come from a rate quota (a service shedding a random share of requests)
 * would otherwise shrink the rate at every throttle until it collapses; under a real quota R the success rate
 * never exceeds R (plus its burst), so the floor stays at or under R.
 */
const FLOOR_OF_PEAK = 0.5;
/** Above this many req/s the pacer steps aside. */
const UNLIMITED = 100_000;
const WINDOW_MS = 1000;
/** The dispatcher re-reads the rate at least this often while it waits. */
const MAX_NAP_MS = 50;

type Sleep = (ms: number) => Promise<void>;
const _sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Events in a sliding window of 1 s, kept as 10 buckets of 100 ms. */
class _WindowCount {
  private readonly counts = new Array<number>(10).fill(0);
  private slot = 0;
  add(t: number): void {
    this._advance(t);
    this.counts[this.slot % 10]! += 1;
  }
  total(t: number): number {
    this._advance(t);
    return this.counts.reduce((a, b) => a + b, 0);
  }
  private _advance(t: number): void {
    const slot = Math.floor(t / 100);
    if (slot - this.slot >= 10) this.counts.fill(0);
    else for (let s = this.slot + 1; s <= slot; s++) this.counts[s % 10] = 0;
    this.slot = Math.max(this.slot, slot);
  }
}

export class ThrottlePacer {
  private readonly sent = new _WindowCount();
  private readonly throttled = new _WindowCount();
  private readonly succeeded = new _WindowCount();
  private readonly queue: Array<(epoch: number) => void> = [];
  private dispatching = false;
  private decreasedAt = Number.NEGATIVE_INFINITY;
  private base = Number.POSITIVE_INFINITY;
  private lastSendAt = Number.NEGATIVE_INFINITY;
  private epoch = 0;
  private firstSendAt = Number.NaN;
  private peakSucceeded = 0;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: Sleep = _sleep,
  ) {}

  /** The send rate allowed now, requests per second (Infinity before the first throttle). */
  rate(t = this.now()): number {
    if (!Number.isFinite(this.base)) return Number.POSITIVE_INFINITY;
    const tau = t - this.decreasedAt;
    const r =
      tau <= RECOVER_MS
        ? this.base * (BETA + ((1 - BETA) * tau) / RECOVER_MS)
        : this.base * 2 ** ((tau - RECOVER_MS) / PROBE_DOUBLING_MS);
    return r >= UNLIMITED ? Number.POSITIVE_INFINITY : r;
  }

  /** Waits for this request's turn; resolves with the pacer's epoch, to pass to `onThrottle`. */
  wait(): Promise<number> {
    const t = this.now();
    if (this.queue.length === 0 && !Number.isFinite(this.rate(t))) {
      this._send(t);
      return Promise.resolve(this.epoch);
    }
    const turn = new Promise<number>((resolve) => this.queue.push(resolve));
    if (!this.dispatching) void this._dispatch();
    return turn;
  }

  /** A request answered successfully. */
  onSuccess(): void {
    this.succeeded.add(this.now());
  }

  /** A throttle of a request released in `epoch`: lowers the rate unless an earlier throttle already did. */
  onThrottle(epoch: number): void {
    const t = this.now();
    this.throttled.add(t);
    if (epoch !== this.epoch) return;
    this.epoch++;
    // What the service granted over the last second (or since the first send, if more recent), per second: the
    // larger of the successes seen and the requests sent minus those throttled. Successes alone read 0 when the
    // first throttle comes before the first answer (long latency); sent − throttled alone reads too low when
    // throttles of requests sent before the window arrive late (a loaded event loop). A shorter window proved
    // too noisy: one stall of the runner then reads as a tiny quota.
    const span = Math.min(WINDOW_MS, Math.max(1, t - this.firstSendAt));
    const admitted = Math.max(this.succeeded.total(t), this.sent.total(t) - this.throttled.total(t));
    const granted = (admitted * 1000) / span;
    this.peakSucceeded = Math.max(this.peakSucceeded, (this.succeeded.total(t) * 1000) / span);
    this.base = Math.max(MIN_RATE, FLOOR_OF_PEAK * this.peakSucceeded, Math.min(granted, this.rate(t)));
    this.decreasedAt = t;
    this.lastSendAt = t;
  }

  private _send(t: number): void {
    if (Number.isNaN(this.firstSendAt)) this.firstSendAt = t;
    this.sent.add(t);
    this.lastSendAt = t;
  }

  private async _dispatch(): Promise<void> {
    this.dispatching = true;
    try {
      while (this.queue.length > 0) {
        const t = this.now();
        const r = this.rate(t);
        const interval = Number.isFinite(r) ? 1000 / r : 0;
        const due = this.lastSendAt + interval;
        if (due > t) {
          await this.sleep(Math.min(due - t, MAX_NAP_MS));
          continue;
        }
        // at least one interval between sends, even after a late timer: a catch-up pair would trip a quota
        // with a small burst, and an idle spell is never banked as a burst either
        this._send(t);
        this.queue.shift()?.(this.epoch);
      }
    } finally {
      this.dispatching = false;
    }
  }
}
