/**
 * The report's Pareto frontier: quality (a bar metric of the suite's `select:` block, or the report's main
 * metric) against cost per 1,000 cases, and against p50 latency, as inline SVG scatters (no script). A candidate
 * is on the frontier when no other is at least as cheap (fast) AND at least as good, and strictly better in one.
 * Frontier points are joined and labelled; dominated points are grey. Shown when ≥ 2 candidates have a cost.
 */
import { toSelectInput } from '../select/read-run.ts';
import { costPer1k, latencyQuantiles, lowerIsBetter, mean, valuesOf } from '../select/values.ts';
import type { RunRecord, StoredCaseResult, StoredScore } from '../store/types.ts';
import { chartFrame, niceTicks, svgNum } from './axes.ts';
import { escapeXml } from './chart.ts';
import { fmtMetric, fmtMs, fmtUsd } from './format.ts';
import { trustedMarkup } from './templates.ts';

/** x: lower is better (cost, latency); y: higher is better (quality). */
export interface ParetoPoint {
  id: string;
  x: number;
  y: number;
}

/** Ids of the non-dominated points (minimise x, maximise y); equal points are both on the frontier. */
export function paretoFrontier(points: readonly ParetoPoint[]): Set<string> {
  const dominated = (p: ParetoPoint) =>
    points.some((q) => q !== p && q.x <= p.x && q.y >= p.y && (q.x < p.x || q.y > p.y));
  return new Set(points.filter((p) => !dominated(p)).map((p) => p.id));
}

export interface ScatterOptions {
  xLabel: string;
  yLabel: string;
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  width?: number;
  height?: number;
}

const PAD = { left: 70, right: 40, top: 16, bottom: 44 };
const FRONT = '#3b82c4';
const GREY = '#9ca3af';

const _n = svgNum;
const _clip = (s: string, max = 28) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** A frontier point's label: right of the point, or left of it near the right edge (so it is not cut off). */
function _label(id: string, cx: string, cy: string, left: boolean): string {
  const anchor = left ? ' text-anchor="end"' : '';
  return `<text x="${cx}" y="${cy}" dx="${left ? -8 : 8}" dy="-8"${anchor}>${escapeXml(_clip(id))}</text>`;
}

/** Scatter of the points with the frontier (sorted by x) joined by a line and labelled. */
export function paretoSvg(title: string, points: readonly ParetoPoint[], o: ScatterOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 300;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const front = paretoFrontier(points);
  const ys = points.map((p) => p.y);
  const unit = ys.every((y) => y >= 0 && y <= 1);
  const yTicks = unit ? [0, 0.25, 0.5, 0.75, 1] : niceTicks(Math.max(0, ...ys));
  const xTicks = niceTicks(Math.max(0, ...points.map((p) => p.x)));
  const yMax = yTicks.at(-1) ?? 1;
  const xMax = xTicks.at(-1) ?? 1;
  const sx = (x: number) => PAD.left + (x / xMax) * plotW;
  const sy = (y: number) => PAD.top + plotH - (Math.max(0, y) / yMax) * plotH;
  const out = chartFrame({
    cls: 'pareto',
    title,
    width,
    height,
    pad: PAD,
    yTicks,
    sy,
    formatY: o.formatY,
    xTicks: xTicks.map((t) => ({ x: t, label: o.formatX(t) })),
    sx,
    xLabel: o.xLabel,
    yLabel: o.yLabel,
  });
  const onFront = points.filter((p) => front.has(p.id)).sort((a, b) => a.x - b.x || a.y - b.y);
  if (onFront.length > 1) {
    const path = onFront.map((p) => `${_n(sx(p.x))},${_n(sy(p.y))}`).join(' ');
    out.push(
      `<polyline class="frontier" points="${path}" fill="none" stroke="${FRONT}" stroke-width="2"></polyline>`,
    );
  }
  for (const p of points) {
    const f = front.has(p.id);
    const tip = `${p.id}: ${o.yLabel} ${o.formatY(p.y)}, ${o.xLabel} ${o.formatX(p.x)}${f ? ' (frontier)' : ' (dominated)'}`;
    const cx = _n(sx(p.x));
    const cy = _n(sy(p.y));
    out.push(
      `<g class="pareto-point" data-frontier="${f}"><title>${escapeXml(tip)}</title>`,
      `<circle cx="${cx}" cy="${cy}" r="5" fill="${f ? FRONT : GREY}"></circle>`,
      f ? _label(p.id, cx, cy, sx(p.x) > PAD.left + plotW * 0.7) : '',
      '</g>',
    );
  }
  out.push('</svg>');
  return out.join('');
}

export interface ParetoRow {
  id: string;
  quality: string;
  cost: string;
  p50: string;
  costFrontier: boolean;
  latencyFrontier: boolean;
}

export interface ParetoView {
  metric: string;
  costSvg: unknown;
  latencySvg: unknown;
  rows: ParetoRow[];
  note: string;
}

/** The metric on the y axis: the first higher-is-better metric of `select.bar`, else the main metric. */
export function paretoMetric(config: unknown, mainMetric: string): string | null {
  const bar = (config as { select?: { bar?: { metric?: unknown }[] } } | null | undefined)?.select?.bar;
  const ok = (m: unknown): m is string => typeof m === 'string' && m !== 'error_rate' && !lowerIsBetter(m);
  const fromBar = Array.isArray(bar) ? bar.map((r) => r?.metric).find(ok) : undefined;
  return fromBar ?? (ok(mainMetric) ? mainMetric : null);
}

/** The section, or null when fewer than 2 candidates have both a cost and the quality metric. */
export function paretoSection(
  run: Pick<RunRecord, 'runId' | 'targets' | 'config'>,
  results: readonly StoredCaseResult[],
  scores: readonly StoredScore[],
  mainMetric: string,
): ParetoView | null {
  const metric = paretoMetric(run.config, mainMetric);
  if (metric === null) return null;
  const cands = toSelectInput(run, results, scores).candidates.map((c) => ({
    id: c.targetId,
    quality: mean([...valuesOf(c.cases, metric).values()]),
    cost: costPer1k(c.cases).value,
    p50: latencyQuantiles(c.cases).p50,
  }));
  const priced = cands.filter((c) => c.cost !== null && Number.isFinite(c.quality));
  if (priced.length < 2) return null;
  const costPts = priced.map((c) => ({ id: c.id, x: c.cost as number, y: c.quality }));
  const latPts = priced
    .filter((c) => c.p50 !== null)
    .map((c) => ({ id: c.id, x: c.p50 as number, y: c.quality }));
  const costFront = paretoFrontier(costPts);
  const latFront = paretoFrontier(latPts);
  const fmtQ = (y: number) => fmtMetric(metric, y);
  const usd = (x: number) => fmtUsd(Number(x.toPrecision(4)));
  return {
    metric,
    costSvg: trustedMarkup(
      paretoSvg(`Mean ${metric} vs cost per 1,000 cases`, costPts, {
        xLabel: 'cost per 1,000 cases',
        yLabel: `mean ${metric}`,
        formatX: usd,
        formatY: fmtQ,
      }),
    ),
    latencySvg:
      latPts.length >= 2
        ? trustedMarkup(
            paretoSvg(`Mean ${metric} vs p50 latency`, latPts, {
              xLabel: 'p50 latency',
              yLabel: `mean ${metric}`,
              formatX: fmtMs,
              formatY: fmtQ,
            }),
          )
        : null,
    rows: priced.map((c) => ({
      id: c.id,
      quality: fmtQ(c.quality),
      cost: usd(c.cost as number),
      p50: fmtMs(c.p50),
      costFrontier: costFront.has(c.id),
      latencyFrontier: latFront.has(c.id),
    })),
    note: `Mean over all calls of each candidate (a failed call scores 0). On the frontier: no other candidate is at least as cheap (fast) and at least as good, and better in one. Candidates without a cost are left out.`,
  };
}
