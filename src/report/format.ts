/** Number and time formatting for the report: every figure the HTML shows goes through one of these. */

const DASH = '–';

// Intl.NumberFormat instances are costly to create (toLocaleString builds one per call): make each once.
const NF0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const NF1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Plain figure: thousands separators from 1,000; two decimals from 1; four significant digits below 1. */
export function fmtNum(x: number | null | undefined): string {
  if (x === null || x === undefined) return DASH;
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1000) return NF0.format(x);
  if (abs >= 1 || abs === 0) return String(Number(x.toFixed(2)));
  return String(Number(x.toPrecision(4)));
}

/** Share as a percentage with one decimal: 0.8 → `80.0%`. */
export function fmtPct(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return `${(x * 100).toFixed(1)}%`;
}

/** Milliseconds: `976 ms`, `1,234 ms`. */
export function fmtMs(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return `${(x >= 100 ? NF0 : NF1).format(x)} ms`;
}

/** US dollars with up to six decimals: `$0.002802`. */
export function fmtUsd(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return `$${Number(x.toFixed(6)).toString()}`;
}

/** Integer count with thousands separators. */
export function fmtInt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return NF0.format(Math.round(x));
}

/** UTC time as `2025-03-01 10:00:00Z`. */
export function fmtTime(d: Date | null | undefined): string {
  if (!d) return DASH;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** Duration between two times: `42.1 s`, `3 min 5 s`. */
export function fmtDuration(from: Date, to: Date | null | undefined): string {
  if (!to) return DASH;
  const s = (to.getTime() - from.getTime()) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/** The figure of a metric in its natural unit (ms for *_ms, $ for cost_usd, plain otherwise). */
export function fmtMetric(metric: string, x: number | null | undefined): string {
  if (metric.endsWith('_ms')) return fmtMs(x);
  if (metric === 'cost_usd') return fmtUsd(x);
  if (metric === 'error_rate') return fmtPct(x);
  return fmtNum(x);
}
