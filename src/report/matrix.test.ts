import { describe, expect, it } from 'vitest';
import { metricStats } from '../store/summary.ts';
import type { MetricStats, TargetMetricSummary } from '../store/types.ts';
import { matrixSection } from './matrix.ts';

const stat = (metric: string, mean: number, n = 10): MetricStats => metricStats(metric, { n, mean });

const summary = (targetId: string, contains: number, cost?: number): TargetMetricSummary => ({
  targetId,
  modelId: null,
  cases: 10,
  calls: 10,
  ok: 10,
  errors: 0,
  errorRate: 0,
  errorsByClass: {},
  inputTokens: null,
  outputTokens: null,
  metrics: [stat('contains', contains), ...(cost === undefined ? [] : [stat('cost_usd', cost)])],
});

const LITE = 'amazon.nova-lite-v1:0';
const PRO = 'amazon.nova-pro-v1:0';
const run = {
  targets: [
    { id: 'lite@1.0.0', modelId: LITE, promptVersion: '1.0.0' },
    { id: 'lite@1.1.0', modelId: LITE, promptVersion: '1.1.0' },
    { id: 'lite@3', modelId: LITE, promptVersion: '3' },
    { id: 'pro@1.0.0', modelId: PRO, promptVersion: '1.0.0' },
    { id: 'pro@1.1.0', modelId: PRO, promptVersion: '1.1.0' },
    { id: 'judge-free', modelId: PRO, promptVersion: '1.0.0' }, // pinned: not in the matrix
  ],
};

describe('matrixSection', () => {
  it('one row per version, one column per written target; best per column; cost per 1k cases', () => {
    const m = matrixSection(
      run,
      [
        summary('lite@1.0.0', 0.6, 0.0001),
        summary('lite@1.1.0', 0.7, 0.00012),
        summary('lite@3', 0.65, 0.00009),
        summary('pro@1.0.0', 0.9, 0.0012),
        summary('pro@1.1.0', 0.85, 0.0013),
      ],
      'contains',
    );
    expect(m?.columns).toEqual([
      { id: 'lite', modelId: LITE },
      { id: 'pro', modelId: PRO },
    ]);
    expect(m?.better).toBe('higher');
    expect(m?.rows.map((r) => [r.version, r.cells.map((c) => c && [c.value, c.cost, c.best])])).toEqual([
      [
        '1.0.0',
        [
          ['0.6', '$0.1', false],
          ['0.9', '$1.2', true],
        ],
      ],
      [
        '1.1.0',
        [
          ['0.7', '$0.12', true],
          ['0.85', '$1.3', false],
        ],
      ],
      ['3', [['0.65', '$0.09', false], null]],
    ]);
  });

  it('lower is better for latency; no matrix with one version', () => {
    const lat = (id: string, ms: number) => ({ ...summary(id, 0), metrics: [stat('latency_ms', ms)] });
    const m = matrixSection(run, [lat('lite@1.0.0', 300), lat('lite@1.1.0', 200)], 'latency_ms');
    expect(m?.hasCost).toBe(false);
    expect(m?.rows[1]?.cells[0]).toMatchObject({ value: '200 ms', best: true, cost: '–' });
    expect(m?.rows[0]?.cells[1]).toMatchObject({ value: '–', best: false });
    const single = { targets: [{ id: 'a', modelId: LITE, promptVersion: '1.0.0' }] };
    expect(matrixSection(single, [summary('a', 1)], 'contains')).toBeNull();
  });
});
