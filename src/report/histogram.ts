/**
 * Distribution charts as inline SVG (no script): one histogram per series, stacked as small multiples over a
 * shared x axis, so targets compare at a glance. Every label is escaped here; figures arrive formatted.
 */
import { escapeXml } from './chart.ts';

export interface HistogramSeries {
  name: string;
  values: readonly number[];
}

export interface Bin {
  lo: number;
  hi: number;
  count: number;
}

const LABEL_W = 150;
const ROW_H = 56;
const AXIS_H = 22;
const COUNT_W = 64;

function _n(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/**
 * Equal-width bins over [min, max] (the last bin closed). Values all in 0..1 use ten bins of 0.1 over [0, 1];
 * a single distinct value gets one bin.
 */
export function binValues(all: readonly number[], bins = 20): { lo: number; hi: number; width: number } {
  const finite = all.filter(Number.isFinite);
  if (finite.length === 0) return { lo: 0, hi: 1, width: 0.1 };
  let lo = finite.reduce((a, b) => Math.min(a, b));
  let hi = finite.reduce((a, b) => Math.max(a, b));
  if (lo >= 0 && hi <= 1) return { lo: 0, hi: 1, width: 0.1 };
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
    return { lo, hi, width: 1 };
  }
  return { lo, hi, width: (hi - lo) / bins };
}

export function histogram(values: readonly number[], lo: number, hi: number, width: number): Bin[] {
  const n = Math.max(1, Math.round((hi - lo) / width));
  const bins: Bin[] = Array.from({ length: n }, (_, i) => ({
    lo: lo + i * width,
    hi: lo + (i + 1) * width,
    count: 0,
  }));
  for (const v of values) {
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    const i = Math.min(n - 1, Math.floor((v - lo) / width + 1e-9));
    const bin = bins[i];
    if (bin) bin.count++;
  }
  return bins;
}

export function histogramSvg(
  title: string,
  series: readonly HistogramSeries[],
  format: (x: number) => string,
  width = 640,
): string {
  const { lo, hi, width: bw } = binValues(series.flatMap((s) => s.values));
  const plotW = width - LABEL_W - COUNT_W;
  const height = ROW_H * Math.max(1, series.length) + AXIS_H;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart dist" width="${width}" height="${height}"`,
    ` viewBox="0 0 ${width} ${height}" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title>`,
  ];
  for (const [row, s] of series.entries()) {
    const bins = histogram(s.values, lo, hi, bw);
    const peak = bins.reduce((m, b) => Math.max(m, b.count), 1);
    const base = row * ROW_H + ROW_H - 6;
    const colW = plotW / bins.length;
    out.push(
      `<g class="dist-row"><text x="${LABEL_W - 8}" y="${base - 18}" text-anchor="end" class="dist-label">${escapeXml(s.name.length > 22 ? `${s.name.slice(0, 21)}…` : s.name)}</text>`,
      `<text x="${LABEL_W - 8}" y="${base - 4}" text-anchor="end" class="muted">n = ${s.values.length}</text>`,
      `<line x1="${LABEL_W}" x2="${LABEL_W + plotW}" y1="${base}" y2="${base}" stroke="#d0d7de"></line>`,
    );
    for (const [i, b] of bins.entries()) {
      if (b.count === 0) continue;
      const h = (b.count / peak) * (ROW_H - 12);
      const tip = `${s.name}: ${format(b.lo)} – ${format(b.hi)}: ${b.count}`;
      out.push(
        `<rect class="bin" x="${_n(LABEL_W + i * colW + 0.5)}" y="${_n(base - h)}" width="${_n(Math.max(1, colW - 1))}" height="${_n(h)}"><title>${escapeXml(tip)}</title></rect>`,
      );
    }
    out.push('</g>');
  }
  const axisY = ROW_H * Math.max(1, series.length) + 14;
  out.push(
    `<text x="${LABEL_W}" y="${axisY}" text-anchor="start">${escapeXml(format(lo))}</text>`,
    `<text x="${LABEL_W + plotW}" y="${axisY}" text-anchor="end">${escapeXml(format(hi))}</text>`,
    '</svg>',
  );
  return out.join('');
}
