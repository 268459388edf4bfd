import type { CaseResult } from '../core/types.ts';

/** Buffers results and hands them to `write` in batches (by size or age), so a crash loses at most one batch. */
export class BatchWriter {
  private buffer: CaseResult[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private lastFlush = Date.now();

  constructor(
    private readonly write: (batch: CaseResult[]) => Promise<void>,
    private readonly maxBatch = 50,
    private readonly maxAgeMs = 1000,
  ) {}

  add(result: CaseResult): Promise<void> {
    this.buffer.push(result);
    if (this.buffer.length >= this.maxBatch || Date.now() - this.lastFlush >= this.maxAgeMs)
      return this.flush();
    return Promise.resolve();
  }

  /** Writes what is buffered; writes are serialised so batches land in order. */
  flush(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    this.lastFlush = Date.now();
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }
}
