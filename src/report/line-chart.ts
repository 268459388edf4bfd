/** A small line/point chart as inline SVG markup (no script). Labels are escaped here. */
import { escapeXml } from './chart.ts';

export interface LinePoint {
  x: number;
  /** Null leaves a gap (the point is skipped). */
  y: number | null;
}

export interface LineSeries {
  name: string;
  points: readonly LinePoint[];
}

export interface LineChartOptions {
  xLabel: string;
  yLabel: string;
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  /** Category names for x = 0, 1, 2 … (instead of numeric ticks). */
  xCategories?: readonly string[];
  /** A dashed horizontal reference line (e.g. the SLO). */
  hLine?: { y: number; label: string };
  /** One point circled and labelled (e.g. the saturation knee). */
  mark?: { x: number; y: number; label: string };
  width?: number;
  height?: number;
}

const PALETTE = ['#3b82c4', '#d9822b', '#2e9e5b', '#b33fa8', '#c0262d', '#6b6bd6', '#8a6d3b', '#15898f'];
const PAD = { left: 70, right: 150, top: 16, bottom: 44 };

function _n(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/** Round-number ticks covering [0, max]. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let t = 0; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  if ((ticks.at(-1) ?? 0) < max) ticks.push(Number((ticks.length * step).toPrecision(12)));
  return ticks;
}

export function lineChartSvg(title: string, series: readonly LineSeries[], o: LineChartOptions): string {
  const width = o.width ?? 720;
  const height = o.height ?? 300;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const pts = series.flatMap((s) => s.points).filter((p) => p.y !== null && Number.isFinite(p.y));
  const ys = [...pts.map((p) => p.y as number), ...(o.hLine ? [o.hLine.y] : [])];
  const yTicks = niceTicks(Math.max(0, ...ys));
  const yMax = yTicks.at(-1) ?? 1;
  const cats = o.xCategories;
  const xTicks = cats ? cats.map((_, i) => i) : niceTicks(Math.max(0, ...pts.map((p) => p.x)));
  const xMax = cats ? Math.max(1, cats.length - 1) : (xTicks.at(-1) ?? 1);
  const sx = (x: number) => PAD.left + (cats && cats.length === 1 ? plotW / 2 : (x / xMax) * plotW);
  const sy = (y: number) => PAD.top + plotH - (y / yMax) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart line-chart" width="${width}" height="${height}"`,
    ` viewBox="0 0 ${width} ${height}" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title>`,
  );
  for (const t of yTicks) {
    const y = _n(sy(t));
    out.push(
      `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y}" y2="${y}" stroke="#e5e7eb"></line>`,
      `<text x="${PAD.left - 6}" y="${y}" dy="4" text-anchor="end">${escapeXml(o.formatY(t))}</text>`,
    );
  }
  for (const t of xTicks) {
    const label = cats ? (cats[t] ?? '') : o.formatX(t);
    out.push(
      `<text x="${_n(sx(t))}" y="${PAD.top + plotH + 16}" text-anchor="middle">${escapeXml(label)}</text>`,
    );
  }
  out.push(
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#57606a"></line>`,
    `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="#57606a"></line>`,
    `<text x="${PAD.left + plotW / 2}" y="${height - 6}" text-anchor="middle" class="axis-label">${escapeXml(o.xLabel)}</text>`,
    `<text x="14" y="${PAD.top + plotH / 2}" text-anchor="middle" class="axis-label" transform="rotate(-90 14 ${PAD.top + plotH / 2})">${escapeXml(o.yLabel)}</text>`,
  );
  if (o.hLine) {
    const y = _n(sy(o.hLine.y));
    out.push(
      `<line class="slo" x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y}" y2="${y}" stroke="#c0262d" stroke-dasharray="6 4"></line>`,
      `<text x="${PAD.left + 6}" y="${y}" dy="-4" fill="#c0262d">${escapeXml(o.hLine.label)}</text>`,
    );
  }
  for (const [i, s] of series.entries()) {
    const color = PALETTE[i % PALETTE.length] ?? '#3b82c4';
    const ps = s.points.filter((p) => p.y !== null && Number.isFinite(p.y)) as { x: number; y: number }[];
    const path = ps.map((p) => `${_n(sx(p.x))},${_n(sy(p.y))}`).join(' ');
    out.push(`<g class="series"><title>${escapeXml(s.name)}</title>`);
    if (ps.length > 1)
      out.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"></polyline>`);
    for (const p of ps) {
      const tip = `${s.name}: ${o.formatX(p.x)}, ${o.formatY(p.y)}`;
      out.push(
        `<circle cx="${_n(sx(p.x))}" cy="${_n(sy(p.y))}" r="3.5" fill="${color}"><title>${escapeXml(tip)}</title></circle>`,
      );
    }
    const ly = PAD.top + 12 + i * 16;
    out.push(
      `<rect x="${PAD.left + plotW + 8}" y="${ly - 9}" width="10" height="10" fill="${color}"></rect>`,
      `<text x="${PAD.left + plotW + 22}" y="${ly}">${escapeXml(s.name)}</text></g>`,
    );
  }
  if (o.mark) {
    const x = _n(sx(o.mark.x));
    const y = _n(sy(o.mark.y));
    out.push(
      `<g class="knee"><circle cx="${x}" cy="${y}" r="8" fill="none" stroke="#1f2328" stroke-width="2"></circle>`,
      `<text x="${x}" y="${y}" dx="10" dy="-10" font-weight="600">${escapeXml(o.mark.label)}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}
