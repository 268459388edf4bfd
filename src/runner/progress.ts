/** Progress of a run: an updating bar on a terminal, plain lines (about every 10 % or 10 s) in CI/logs. */
export interface ProgressSink {
  /** `alreadyDone`: keys a resumed run has stored before; the bar starts there. */
  start(total: number, label: string, alreadyDone?: number): void;
  tick(ok: boolean): void;
  /** A failed attempt: `throttled` if it was a throttle, `retrying` if another attempt follows. */
  attemptFailed?(throttled: boolean, retrying: boolean): void;
  note(line: string): void;
  finish(): void;
}

export const silentProgress: ProgressSink = { start() {}, tick() {}, note() {}, finish() {} };

export function consoleProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  let total = 0;
  let done = 0;
  let errors = 0;
  let throttles = 0;
  let retries = 0;
  let label = '';
  let lastPlain = 0;
  let lastPlainPct = -1;
  let lastDraw = 0;
  const line = () => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    return {
      pct,
      text: `${label} ${done}/${total} (${pct}%) errors ${errors}, throttles ${throttles}, retries ${retries}`,
    };
  };
  const draw = (force = false) => {
    const now = Date.now();
    const { pct, text } = line();
    if (tty) {
      if (!force && now - lastDraw < 80) return;
      lastDraw = now;
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
    } else if (force || pct >= lastPlainPct + 10 || now - lastPlain >= 10_000) {
      lastPlain = now;
      lastPlainPct = pct - (pct % 10);
      stream.write(`${text}\n`);
    }
  };
  return {
    start(t, l, alreadyDone = 0) {
      total = t;
      label = l;
      done = alreadyDone;
      errors = 0;
      throttles = 0;
      retries = 0;
      lastPlainPct = -1;
      draw(true);
    },
    tick(ok) {
      done++;
      if (!ok) errors++;
      draw(done === total);
    },
    attemptFailed(throttled, retrying) {
      if (throttled) throttles++;
      if (retrying) retries++;
    },
    note(text) {
      stream.write(tty ? `\r\x1b[K${text}\n` : `${text}\n`);
    },
    finish() {
      if (tty) stream.write('\n');
    },
  };
}
