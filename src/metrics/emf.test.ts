import { describe, expect, it } from 'vitest';
import { metricStats } from '../store/summary.ts';
import type { MetricStats, TargetMetricSummary } from '../store/types.ts';
import { EMF_MAX_METRICS, emfLines } from './emf.ts';

function stats(metric: string, mean: number | null, extra: Partial<MetricStats> = {}): MetricStats {
  return metricStats(metric, { n: 4, mean, ...extra });
}

function summary(targetId: string, metrics: MetricStats[]): TargetMetricSummary {
  return {
    targetId,
    modelId: 'amazon.nova-lite-v1:0',
    cases: 4,
    calls: 4,
    ok: 3,
    errors: 1,
    errorRate: 0.25,
    errorsByClass: { throttle: 1 },
    inputTokens: 100,
    outputTokens: 20,
    metrics,
  };
}

describe('emfLines', () => {
  it('writes one EMF document per target with means, pass rates, p99 of latencies and the error rate', () => {
    const lines = emfLines({
      suite: 'support',
      runId: 'support-1',
      timestamp: new Date('2026-11-23T03:00:00Z'),
      summaries: [
        summary('lite', [
          stats('contains', 0.75, { passRate: 0.75, passN: 4 }),
          stats('error_rate', 0.25),
          stats('latency_ms', 120, { p99: 410 }),
        ]),
      ],
    });
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0]!);
    expect(doc._aws.Timestamp).toBe(Date.parse('2026-11-23T03:00:00Z'));
    const directive = doc._aws.CloudWatchMetrics[0];
    expect(directive.Namespace).toBe('evalgate');
    expect(directive.Dimensions).toEqual([['Suite', 'Target']]);
    expect(directive.Metrics).toEqual([
      { Name: 'calls', Unit: 'Count' },
      { Name: 'errors', Unit: 'Count' },
      { Name: 'error_rate', Unit: 'None' },
      { Name: 'contains.mean', Unit: 'None' },
      { Name: 'contains.pass_rate', Unit: 'None' },
      { Name: 'latency_ms.mean', Unit: 'Milliseconds' },
      { Name: 'latency_ms.p99', Unit: 'Milliseconds' },
    ]);
    // every declared metric has its value as a top-level member, next to the dimensions
    expect(doc).toMatchObject({
      Suite: 'support',
      Target: 'lite',
      RunId: 'support-1',
      calls: 4,
      errors: 1,
      error_rate: 0.25,
      'contains.mean': 0.75,
      'contains.pass_rate': 0.75,
      'latency_ms.mean': 120,
      'latency_ms.p99': 410,
    });
  });

  it('adds a gate line per suite (rollback 1 unless promoted) and skips metrics without a value', () => {
    for (const [decision, rollback] of [
      ['promote', 0],
      ['rollback', 1],
      ['error', 1],
    ] as const) {
      const lines = emfLines({
        suite: 's',
        runId: 'r',
        timestamp: new Date(0),
        summaries: [summary('t', [stats('judge', null)])],
        decision,
        namespace: 'team/evals',
      });
      expect(lines).toHaveLength(2);
      const target = JSON.parse(lines[0]!);
      expect(target['judge.mean']).toBeUndefined();
      const gate = JSON.parse(lines[1]!);
      expect(gate._aws.CloudWatchMetrics[0]).toEqual({
        Namespace: 'team/evals',
        Dimensions: [['Suite']],
        Metrics: [{ Name: 'gate.rollback', Unit: 'Count' }],
      });
      expect(gate['gate.rollback']).toBe(rollback);
      expect(gate.Decision).toBe(decision);
    }
  });

  it('splits more than 100 metrics over several lines with the same dimensions', () => {
    const many = Array.from({ length: 60 }, (_, i) => stats(`m${String(i).padStart(2, '0')}`, i / 100));
    const lines = emfLines({
      suite: 's',
      runId: 'r',
      timestamp: new Date(0),
      summaries: [summary('t', many)],
    });
    // 3 fixed figures + 60 means = 63 … below the limit; add pass rates to pass it
    expect(lines).toHaveLength(1);
    const withPass = many.map((m) => ({ ...m, passRate: 0.5, passN: 4 }));
    const split = emfLines({
      suite: 's',
      runId: 'r',
      timestamp: new Date(0),
      summaries: [summary('t', withPass)],
    });
    expect(split).toHaveLength(2); // 3 + 120 = 123 figures → 100 + 23
    const counts = split.map((l) => JSON.parse(l)._aws.CloudWatchMetrics[0].Metrics.length);
    expect(counts).toEqual([EMF_MAX_METRICS, 23]);
    expect(JSON.parse(split[1]!)).toMatchObject({ Suite: 's', Target: 't' });
  });
});
