/**
 * Runs `worker` over `items` (an array, or a stream pulled as lanes free up) with at most `concurrency` in flight. Resolves when all are done.
 * The worker must not throw (the runner turns failures into error results); if it does, the pool stops
 * scheduling new items and rejects after in-flight ones finish.
 *
 * In the runner the pool bounds the CASES in progress (rendered, waiting, in backoff or in flight); the
 * requests actually in flight are bounded by the target's adaptive limit in its CallGate, which the pool's
 * lanes wait on. See `laneCount`.
 */
export async function runPool<T>(
  items: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  // an async source (a streamed dataset) is pulled by every lane; its generator queues concurrent next() calls
  const iterator: Iterator<T> | AsyncIterator<T> =
    Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let failure: unknown;
  const lane = async () => {
    while (failure === undefined) {
      const next = await iterator.next();
      if (next.done) return;
      try {
        await worker(next.value);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  if (failure !== undefined) throw failure;
}

/**
 * Cases a target keeps in progress for a request concurrency of `concurrency`: twice as many, so that while
 * some cases sit in backoff a ready case is always waiting for the next free slot (an idle slot under a
 * quota is wasted quota), while memory stays bounded by a small multiple of the concurrency.
 */
export function laneCount(concurrency: number): number {
  return 2 * Math.max(1, Math.floor(concurrency));
}
