import type { TargetResponse } from '../core/types.ts';

export type CachedHit = { response: TargetResponse; runId: string | null };

type _Waiter = { resolve: (hit: CachedHit | undefined) => void; reject: (err: unknown) => void };

/**
 * Coalesces the look-ups of concurrent calls into one query per turn of the event loop: 32 lanes asking at once
 * cost one `IN (…)` query instead of 32 point queries queued behind each other on the store.
 */
export class BatchedCacheReader {
  private pending = new Map<string, _Waiter[]>();
  private scheduled = false;

  constructor(private readonly read: (keys: string[]) => Promise<Map<string, CachedHit>>) {}

  get(key: string): Promise<CachedHit | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this._flush());
      }
    });
  }

  private async _flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    try {
      const found = await this.read([...batch.keys()]);
      for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key));
    } catch (err) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
    }
  }
}
