/**
 * When load-test requests are sent. Closed loop: N workers send back to back (the next request when the previous
 * one ends). Open loop: arrivals at a constant or Poisson rate (seeded mulberry32, src/local/prng.ts), each
 * handed its INTENDED send time, so a generator held back by a stalled system still measures from when the
 * request should have left (coordinated omission). Both stop issuing at the step's maxRequests or durationMs.
 */
import { mulberry32 } from '../local/prng.ts';

/** Runs one request; `intendedAt` is the performance.now() time it was scheduled for. Must not reject. */
export type Fire = (intendedAt: number) => Promise<void>;

export interface LoopBounds {
  durationMs: number;
  maxRequests: number;
}

export interface LoopOutcome {
  /** Requests started. */
  sent: number;
  /** Open loop: scheduled arrivals dropped because no slot freed before the hard deadline. */
  notSent: number;
  elapsedMs: number;
}

const _sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Closed loop: `concurrency` workers, each sending its next request as soon as the previous one ends. */
export async function runClosedLoop(
  opts: LoopBounds & { concurrency: number },
  fire: Fire,
  now: () => number = () => performance.now(),
): Promise<LoopOutcome> {
  const start = now();
  const deadline = start + opts.durationMs;
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < opts.maxRequests && now() < deadline) {
      sent++;
      await fire(now()).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  return { sent, notSent: 0, elapsedMs: now() - start };
}

/**
 * Intended send offsets (ms from the step start) of an open-loop step: every 1000/rate ms (constant), or with
 * exponential gaps of mean 1000/rate ms drawn from mulberry32(seed) (Poisson); those before durationMs, at
 * most maxRequests of them.
 */
export function arrivalOffsetsMs(
  ratePerSec: number,
  arrival: 'constant' | 'poisson',
  bounds: LoopBounds,
  seed = 1,
): number[] {
  const out: number[] = [];
  if (!(ratePerSec > 0)) return out;
  const mean = 1000 / ratePerSec;
  const rand = mulberry32(seed);
  let t = 0;
  while (out.length < bounds.maxRequests) {
    if (arrival === 'constant') t = out.length * mean;
    else if (out.length > 0) t += -Math.log(1 - rand()) * mean;
    if (t >= bounds.durationMs) break;
    out.push(t);
  }
  return out;
}

export interface OpenLoopOptions extends LoopBounds {
  ratePerSec: number;
  arrival?: 'constant' | 'poisson';
  seed?: number;
  /** Most requests in flight (the generator's connections); later arrivals queue. Default 1024. */
  maxInFlight?: number;
  /** Queued arrivals still not sent `graceMs` after durationMs are dropped (notSent). Default 60 000. */
  graceMs?: number;
}

/**
 * Open loop: arrivals on their schedule, whatever the system's speed. An arrival that finds every slot busy
 * waits for one, and is still measured from its intended time; `onNotSent` gets those dropped at the deadline.
 */
export async function runOpenLoop(
  opts: OpenLoopOptions,
  fire: Fire,
  onNotSent: (intendedAt: number) => void = () => undefined,
  now: () => number = () => performance.now(),
): Promise<LoopOutcome> {
  const offsets = arrivalOffsetsMs(opts.ratePerSec, opts.arrival ?? 'constant', opts, opts.seed);
  const maxInFlight = Math.max(1, opts.maxInFlight ?? 1024);
  const hardDeadline = opts.durationMs + (opts.graceMs ?? 60_000);
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let notSent = 0;
  const start = now();
  for (const offset of offsets) {
    const intendedAt = start + offset;
    const wait = intendedAt - now();
    if (wait > 0) await _sleep(wait);
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    if (now() - start > hardDeadline) {
      notSent++;
      onNotSent(intendedAt);
      continue;
    }
    sent++;
    const p: Promise<void> = fire(intendedAt)
      .catch(() => undefined)
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return { sent, notSent, elapsedMs: now() - start };
}
