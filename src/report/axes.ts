/** The frame of the report's x/y charts (line charts, Pareto scatters): svg element, grid, ticks, axes, labels. */
import { escapeXml } from './chart.ts';

export interface Pad {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A coordinate with one decimal. */
export const svgNum = (x: number): string => String(Math.round(x * 10) / 10);

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

export interface FrameSpec {
  /** CSS class next to `chart`. */
  cls: string;
  title: string;
  width: number;
  height: number;
  pad: Pad;
  yTicks: readonly number[];
  sy: (y: number) => number;
  formatY: (y: number) => string;
  /** x ticks: position and label. */
  xTicks: readonly { x: number; label: string }[];
  sx: (x: number) => number;
  xLabel: string;
  yLabel: string;
}

/** The opening `<svg>` and the frame; the caller adds its marks and the closing `</svg>`. */
export function chartFrame(f: FrameSpec): string[] {
  const { pad, width, height } = f;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart ${f.cls}" width="${width}" height="${height}"`,
    ` viewBox="0 0 ${width} ${height}" aria-label="${escapeXml(f.title)}"><title>${escapeXml(f.title)}</title>`,
  ];
  for (const t of f.yTicks) {
    const y = svgNum(f.sy(t));
    out.push(
      `<line x1="${pad.left}" x2="${pad.left + plotW}" y1="${y}" y2="${y}" stroke="#e5e7eb"></line>`,
      `<text x="${pad.left - 6}" y="${y}" dy="4" text-anchor="end">${escapeXml(f.formatY(t))}</text>`,
    );
  }
  for (const t of f.xTicks) {
    out.push(
      `<text x="${svgNum(f.sx(t.x))}" y="${pad.top + plotH + 16}" text-anchor="middle">${escapeXml(t.label)}</text>`,
    );
  }
  out.push(
    `<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${pad.top + plotH}" stroke="#57606a"></line>`,
    `<line x1="${pad.left}" x2="${pad.left + plotW}" y1="${pad.top + plotH}" y2="${pad.top + plotH}" stroke="#57606a"></line>`,
    `<text x="${pad.left + plotW / 2}" y="${height - 6}" text-anchor="middle" class="axis-label">${escapeXml(f.xLabel)}</text>`,
    `<text x="14" y="${pad.top + plotH / 2}" text-anchor="middle" class="axis-label" transform="rotate(-90 14 ${pad.top + plotH / 2})">${escapeXml(f.yLabel)}</text>`,
  );
  return out;
}
