/**
 * Memory timeline of the RSS bench child: samples RSS, the kernel's high-water mark (VmHWM), the JS heap and
 * external memory every `everyMs` with the run's progress (results done) and phase, so a peak can be
 * placed: a ramp during the run, or a jump at a phase (scan, final flush and finishRun, the store's close).
 */
import { readFileSync } from 'node:fs';
import type { ProgressSink } from '../src/runner/progress.ts';

export interface MemSample {
  /** Seconds since the sampler started. */
  s: number;
  phase: string;
  done: number;
  /** All in MB. */
  rss: number;
  hwm: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

const _mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** The process's peak RSS so far in MB (VmHWM), or 0 where /proc is missing. */
function _hwm(): number {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}

export class MemTimeline {
  readonly samples: MemSample[] = [];
  private phaseName = 'start';
  private done = 0;
  private readonly t0 = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(everyMs = 200) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
    this.sample();
  }

  /** Marks a phase (a sample is taken at each boundary). */
  phase(name: string): void {
    this.sample();
    this.phaseName = name;
  }

  sample(): void {
    const m = process.memoryUsage();
    this.samples.push({
      s: Math.round((performance.now() - this.t0) / 100) / 10,
      phase: this.phaseName,
      done: this.done,
      rss: _mb(m.rss),
      hwm: _hwm(),
      heapUsed: _mb(m.heapUsed),
      heapTotal: _mb(m.heapTotal),
      external: _mb(m.external),
    });
  }

  /** A progress sink for runSuite: counts results and marks the scan / run / end phases. */
  progress(): ProgressSink {
    return {
      start: () => this.phase('run'),
      tick: () => {
        this.done++;
      },
      note: () => {},
      finish: () => this.phase('end'),
    };
  }

  stop(): MemSample[] {
    clearInterval(this.timer);
    this.sample();
    return this.samples;
  }
}

/**
 * About `rows` lines of a timeline: evenly spaced samples, every phase boundary, and each sample where the
 * high-water mark rose by 10 MB or more since the previous one (where a peak was made).
 */
export function condense(samples: readonly MemSample[], rows = 12): MemSample[] {
  const stride = Math.max(1, Math.floor(samples.length / rows));
  return samples.filter((x, i) => {
    const prev = samples[i - 1];
    return (
      i % stride === 0 ||
      i === samples.length - 1 ||
      prev === undefined ||
      prev.phase !== x.phase ||
      x.hwm - prev.hwm >= 10
    );
  });
}

export function formatSample(x: MemSample): string {
  return (
    `${x.s.toFixed(1).padStart(6)} s ${x.phase.padEnd(6)} ${String(x.done).padStart(6)} done  rss ${x.rss} MB` +
    `  peak ${x.hwm}  heap ${x.heapUsed}/${x.heapTotal}  external ${x.external}`
  );
}
