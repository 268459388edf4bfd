/**
 * The report's prompt matrix: when a run crossed prompt versions with targets (a suite's `prompts:`, candidate ids
 * `<target>@<version>`), one row per prompt version and one column per target as written, each cell the main
 * metric's mean and, when the run has `cost_usd`, the cost per 1,000 cases. The best cell of each column (the
 * best prompt version for that model) is marked; a cell whose candidate was not run (a Bedrock Prompt
 * Management prompt runs only on its variant's model) shows a dash.
 */
import type { RunRecord, TargetMetricSummary } from '../store/types.ts';
import { fmtMetric, fmtUsd } from './format.ts';

export interface MatrixCell {
  targetId: string;
  value: string;
  cost: string;
  n: number;
  best: boolean;
}

export interface MatrixSection {
  metric: string;
  /** `higher` or `lower` is better for the metric. */
  better: 'higher' | 'lower';
  hasCost: boolean;
  columns: { id: string; modelId: string }[];
  rows: { version: string; cells: (MatrixCell | null)[] }[];
}

/** Metrics where smaller is better (latency, cost, tokens, error rate). */
function _lowerIsBetter(metric: string): boolean {
  return (
    metric.endsWith('_ms') || metric === 'cost_usd' || metric === 'error_rate' || metric.endsWith('_tokens')
  );
}

function _mean(s: TargetMetricSummary | undefined, metric: string): { mean: number | null; n: number } {
  if (!s) return { mean: null, n: 0 };
  if (metric === 'error_rate') return { mean: s.errorRate, n: s.calls };
  const m = s.metrics.find((x) => x.metric === metric);
  return { mean: m?.mean ?? null, n: m?.n ?? 0 };
}

/** The matrix of a run, or null when its targets do not span two or more prompt versions. */
export function matrixSection(
  run: Pick<RunRecord, 'targets'>,
  summaries: readonly TargetMetricSummary[],
  metric: string,
): MatrixSection | null {
  const crossed = run.targets.filter(
    (t) => t.promptVersion !== undefined && t.id.endsWith(`@${t.promptVersion}`),
  );
  const versions = [...new Set(crossed.map((t) => t.promptVersion as string))];
  if (versions.length < 2) return null;
  const columns: MatrixSection['columns'] = [];
  const at = new Map<string, string>(); // `${column}\0${version}` → target id
  for (const t of crossed) {
    const version = t.promptVersion as string;
    const column = t.id.slice(0, -(version.length + 1));
    if (!columns.some((c) => c.id === column)) columns.push({ id: column, modelId: t.modelId });
    at.set(`${column}\u0000${version}`, t.id);
  }
  const byId = new Map(summaries.map((s) => [s.targetId, s]));
  const hasCost = summaries.some((s) => s.metrics.some((m) => m.metric === 'cost_usd'));
  const better = _lowerIsBetter(metric) ? 'lower' : 'higher';
  const raw = versions.map((version) =>
    columns.map((c) => {
      const id = at.get(`${c.id}\u0000${version}`);
      if (id === undefined) return null;
      const s = byId.get(id);
      return { id, ..._mean(s, metric), cost: _mean(s, 'cost_usd').mean };
    }),
  );
  const bestOf = columns.map((_c, j) => {
    const means = raw.map((row) => row[j]?.mean).filter((m): m is number => m !== null && m !== undefined);
    if (means.length < 2) return undefined;
    return better === 'higher' ? Math.max(...means) : Math.min(...means);
  });
  return {
    metric,
    better,
    hasCost,
    columns,
    rows: versions.map((version, i) => ({
      version,
      cells: (raw[i] ?? []).map((cell, j) =>
        cell
          ? {
              targetId: cell.id,
              value: fmtMetric(metric, cell.mean),
              cost: cell.cost === null ? '–' : fmtUsd(cell.cost * 1000),
              n: cell.n,
              best: cell.mean !== null && cell.mean === bestOf[j],
            }
          : null,
      ),
    })),
  };
}
