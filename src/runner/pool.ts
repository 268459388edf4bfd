/**
 * Runs `worker` over `items` with at most `concurrency` in flight. Resolves when all are done.
 * The worker must not throw (the runner turns failures into error results); if it does, the pool stops
 * scheduling new items and rejects after in-flight ones finish.
 */
export async function runPool<T>(
  items: Iterable<T>,
  concurrency: number,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failure: unknown;
  const lane = async () => {
    for (let next = iterator.next(); !next.done && failure === undefined; next = iterator.next()) {
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
