/**
 * The canary gate's live metrics from CloudWatch: the SageMaker endpoint's per-variant figures over one stage's
 * wait (namespace AWS/SageMaker, dimensions EndpointName + VariantName), shaped as the live-metrics JSON that
 * `evalgate gate --stage N --metrics FILE` judges (src/gate/live-metrics.ts).
 * - requests: `Invocations` (Sum); errors: `Invocation5XXErrors` (Sum) — client (4XX) errors are the caller's;
 * - p50Ms / p99Ms: `ModelLatency` p50 / p99, which CloudWatch reports in microseconds.
 * Periods are one minute (start and end need no alignment): counts are summed over the minutes, latencies take
 * the worst minute's percentile (conservative on both sides).
 */

export interface Variants {
  endpoint: string;
  baseline: string;
  canary: string;
}

interface _Query {
  Id: string;
  MetricStat: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
  };
  ReturnData: boolean;
}

const _FIGURES = [
  { id: 'requests', metric: 'Invocations', stat: 'Sum' },
  { id: 'errors', metric: 'Invocation5XXErrors', stat: 'Sum' },
  { id: 'p50', metric: 'ModelLatency', stat: 'p50' },
  { id: 'p99', metric: 'ModelLatency', stat: 'p99' },
] as const;

const _SIDES = { candidate: 'canary', baseline: 'baseline' } as const;

/** GetMetricData queries (`--metric-data-queries`) for both variants, one-minute periods. */
export function metricQueries(v: Variants): _Query[] {
  const period = 60;
  const out: _Query[] = [];
  for (const [side, which] of Object.entries(_SIDES)) {
    const variant = v[which];
    for (const f of _FIGURES) {
      out.push({
        Id: `${side}_${f.id}`,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/SageMaker',
            MetricName: f.metric,
            Dimensions: [
              { Name: 'EndpointName', Value: v.endpoint },
              { Name: 'VariantName', Value: variant },
            ],
          },
          Period: period,
          Stat: f.stat,
        },
        ReturnData: true,
      });
    }
  }
  return out;
}

export interface LiveSideJson {
  requests: number;
  errors: number;
  p50Ms?: number;
  p99Ms?: number;
}

export interface LiveMetricsJson {
  stage: number;
  candidate: LiveSideJson;
  baseline: LiveSideJson;
}

interface _Result {
  Id?: string;
  Values?: number[];
}

/** GetMetricData's answer (`{ MetricDataResults: [...] }`) → the live-metrics JSON of `stage`. */
export function liveMetrics(answer: { MetricDataResults?: _Result[] }, stage: number): LiveMetricsJson {
  const byId = new Map<string, number[]>();
  for (const r of answer.MetricDataResults ?? [])
    if (r.Id) byId.set(r.Id, [...(byId.get(r.Id) ?? []), ...(r.Values ?? [])]);
  const sum = (id: string) => (byId.get(id) ?? []).reduce((a, b) => a + b, 0);
  const side = (name: string): LiveSideJson => {
    const requests = Math.round(sum(`${name}_requests`));
    const errors = Math.min(requests, Math.round(sum(`${name}_errors`)));
    const out: LiveSideJson = { requests, errors };
    for (const [id, field] of [
      ['p50', 'p50Ms'],
      ['p99', 'p99Ms'],
    ] as const) {
      const values = byId.get(`${name}_${id}`) ?? [];
      // one value per minute: the worst minute
      if (values.length) out[field] = Math.max(...values) / 1000;
    }
    return out;
  };
  return { stage, candidate: side('candidate'), baseline: side('baseline') };
}
