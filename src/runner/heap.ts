import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past the live heap before the next full GC, in percent. V8's default
 * (a factor of up to ~4 for a small heap) lets a long run's garbage pile up: a 100,000-case run kept ~35 MB live
 * but peaked near 200 MB of heap. 50 % keeps the heap at 1.5 × what is live, for some extra GC time: an 8,000-case
 * bench run peaked at 299 MB RSS instead of 389 (20 %: 292). It is a growth factor, not a cap: a bigger live heap
 * still fits.
 */
export const HEAP_GROWING_PERCENT = 50;

/** Applies HEAP_GROWING_PERCENT to this process (the CLI and the benchmarks that measure it call it first). */
export function tuneHeapGrowth(percent = HEAP_GROWING_PERCENT): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
