/** A small horizontal bar chart as inline SVG markup. Labels are escaped here; numbers arrive formatted. */

export interface BarDatum {
  label: string;
  value: number | null;
}

export interface BarChartOptions {
  /** Scale maximum; default: the largest value (1 when every value lies in 0..1). */
  max?: number;
  width?: number;
}

const ROW = 28;
const LABEL_W = 170;
const VALUE_W = 110;
const TOP = 8;

/** Escapes text for an XML/HTML text node or attribute value. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function _num(x: number): string {
  return String(Math.round(x * 10) / 10);
}

function _clip(label: string, max = 24): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

export function barChartSvg(
  title: string,
  data: readonly BarDatum[],
  format: (x: number | null) => string,
  opts: BarChartOptions = {},
): string {
  const width = opts.width ?? 640;
  const barArea = width - LABEL_W - VALUE_W;
  const values = data.map((d) => d.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const unit = values.length > 0 && values.every((v) => v >= 0 && v <= 1);
  const max = opts.max ?? (unit ? 1 : Math.max(0, ...values));
  const height = TOP * 2 + ROW * Math.max(1, data.length);
  const rows = data.map((d, i) => {
    const y = TOP + i * ROW;
    const v = d.value !== null && Number.isFinite(d.value) ? Math.max(0, d.value) : 0;
    const w = max > 0 ? (Math.min(v, max) / max) * barArea : 0;
    const label = escapeXml(_clip(d.label));
    return [
      `<g class="bar-row"><title>${escapeXml(`${d.label}: ${format(d.value)}`)}</title>`,
      `<text x="${LABEL_W - 8}" y="${_num(y + ROW / 2 + 4)}" text-anchor="end" class="bar-label">${label}</text>`,
      `<rect x="${LABEL_W}" y="${_num(y + 4)}" width="${_num(w)}" height="${ROW - 8}" class="bar" rx="2"></rect>`,
      `<text x="${_num(LABEL_W + w + 6)}" y="${_num(y + ROW / 2 + 4)}" class="bar-value">${escapeXml(format(d.value))}</text></g>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" width="${width}" height="${height}"`,
    ` viewBox="0 0 ${width} ${height}" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title>`,
    rows.join(''),
    '</svg>',
  ].join('');
}
