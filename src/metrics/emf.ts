/**
 * CloudWatch Embedded Metric Format (EMF): one JSON log line per (suite, target) of a run, which CloudWatch Logs
 * turns into metrics (namespace `evalgate` by default, dimensions Suite and Suite × Target) when the line reaches
 * a log group through the CloudWatch agent, a Lambda's stdout, or PutLogEvents with `x-amzn-logs-format: json/emf`.
 * Figures: every metric's mean (`<metric>.mean`) and pass rate (`<metric>.pass_rate`), the p99 of latency-like
 * metrics, the error rate, calls and errors; plus one line per suite with the gate's decision
 * (`gate.rollback` 0/1). Names follow CloudWatch's rules (≤ 255 characters, at most 100 metrics per line —
 * the rest go to further lines with the same dimensions). Values are the stored figures, never recomputed.
 */
import type { GateDecision, TargetMetricSummary } from '../store/types.ts';

export const EMF_DEFAULT_NAMESPACE = 'evalgate';
/** CloudWatch's limit of metric definitions in one EMF directive. */
export const EMF_MAX_METRICS = 100;

export interface EmfInput {
  suite: string;
  runId: string;
  /** When the run finished (the lines' timestamp). */
  timestamp: Date;
  summaries: readonly TargetMetricSummary[];
  /** The run's gate decision, when the suite has a gate. */
  decision?: GateDecision;
  namespace?: string;
}

type Unit = 'None' | 'Milliseconds' | 'Count' | 'Percent';
interface Figure {
  name: string;
  unit: Unit;
  value: number;
}

const LATENCY_RE = /(^|_)(latency|ttft|ms)(_|$)/;

function _unitOf(metric: string): Unit {
  return LATENCY_RE.test(metric) || metric.endsWith('_ms') ? 'Milliseconds' : 'None';
}

/** The figures of one target, in a stable order. */
export function targetFigures(s: TargetMetricSummary): Figure[] {
  const out: Figure[] = [
    { name: 'calls', unit: 'Count', value: s.calls },
    { name: 'errors', unit: 'Count', value: s.errors },
    { name: 'error_rate', unit: 'None', value: s.errorRate },
  ];
  for (const m of s.metrics) {
    if (m.metric === 'error_rate') continue;
    const unit = _unitOf(m.metric);
    if (m.mean !== null) out.push({ name: `${m.metric}.mean`, unit, value: m.mean });
    if (m.passRate !== null) out.push({ name: `${m.metric}.pass_rate`, unit: 'None', value: m.passRate });
    if (unit === 'Milliseconds' && m.p99 !== null) out.push({ name: `${m.metric}.p99`, unit, value: m.p99 });
  }
  return out.filter((f) => Number.isFinite(f.value)).map((f) => ({ ...f, name: f.name.slice(0, 255) }));
}

function _line(
  namespace: string,
  timestamp: number,
  dims: Record<string, string>,
  props: Record<string, string>,
  figures: readonly Figure[],
): string {
  const doc: Record<string, unknown> = {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dims)],
          Metrics: figures.map((f) => ({ Name: f.name, Unit: f.unit })),
        },
      ],
    },
    ...dims,
    ...props,
  };
  for (const f of figures) doc[f.name] = f.value;
  return JSON.stringify(doc);
}

/** The EMF lines of one run (no trailing newline on each). */
export function emfLines(input: EmfInput): string[] {
  const ns = input.namespace ?? EMF_DEFAULT_NAMESPACE;
  const ts = input.timestamp.getTime();
  const props = { RunId: input.runId };
  const lines: string[] = [];
  for (const s of input.summaries) {
    const dims = { Suite: input.suite, Target: s.targetId };
    const figures = targetFigures(s);
    for (let i = 0; i < figures.length; i += EMF_MAX_METRICS) {
      lines.push(_line(ns, ts, dims, props, figures.slice(i, i + EMF_MAX_METRICS)));
    }
  }
  if (input.decision !== undefined) {
    const rollback = input.decision === 'promote' ? 0 : 1;
    lines.push(
      _line(ns, ts, { Suite: input.suite }, { ...props, Decision: input.decision }, [
        { name: 'gate.rollback', unit: 'Count', value: rollback },
      ]),
    );
  }
  return lines;
}
