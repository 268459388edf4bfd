/** A small line/point chart as inline SVG markup (no script). Labels are escaped here. */

import { chartFrame, niceTicks, svgNum } from './axes.ts';
import { escapeXml } from './chart.ts';

export { niceTicks } from './axes.ts';

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

const _n = svgNum;

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
  const out = chartFrame({
    cls: 'line-chart',
    title,
    width,
    height,
    pad: PAD,
    yTicks,
    sy,
    formatY: o.formatY,
    xTicks: xTicks.map((t) => ({ x: t, label: cats ? (cats[t] ?? '') : o.formatX(t) })),
    sx,
    xLabel: o.xLabel,
    yLabel: o.yLabel,
  });
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
