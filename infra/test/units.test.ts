import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/cli/commands/gate-policy.ts';
import { stageFromMetrics } from '../../src/cli/commands/gate-stage.ts';
import { canaryPolicy } from '../lib/buildspec.ts';
import { canaryTarget } from '../lib/canary-stack.ts';
import { readConfig } from '../lib/config.ts';
import { liveMetrics, metricQueries } from '../lib/live-metrics.ts';
import type { SuiteResources } from '../lib/suite-resources.ts';

const ctx = (values: Record<string, unknown>) => (key: string) => values[key];

describe('readConfig', () => {
  it('has defaults for everything', () => {
    const c = readConfig(ctx({}));
    expect(c.suites).toEqual(['suites']);
    expect(c.schedule).toBe('cron(0 3 * * ? *)');
    expect(c.canary).toEqual({
      stages: [10, 25, 50, 75, 100],
      waitMinutes: 10,
      suites: ['suites/sagemaker-variants.yaml'],
    });
    expect(c.account).toBeUndefined();
    expect(c.region).toBeUndefined();
  });

  it('reads -c strings: comma lists, numbers, JSON objects', () => {
    const c = readConfig(
      ctx({
        suites: 'suites/support.yaml, suites/guardrails.yaml',
        canaryStages: '5,50,100',
        canaryWaitMinutes: '15',
        retentionDays: '90',
        profileRegions: '{"us":["us-east-1","us-west-2"]}',
        canaryVariant: 'green',
        region: 'eu-west-1',
      }),
    );
    expect(c.suites).toEqual(['suites/support.yaml', 'suites/guardrails.yaml']);
    expect(c.canary.stages).toEqual([5, 50, 100]);
    expect(c.canary.waitMinutes).toBe(15);
    expect(c.canary.canaryVariant).toBe('green');
    expect(c.retentionDays).toBe(90);
    expect(c.profileRegions).toEqual({ us: ['us-east-1', 'us-west-2'] });
    expect(c.region).toBe('eu-west-1');
  });

  it.each([
    [
      { canaryStages: '50,25,100' },
      'cdk context canaryStages: expected increasing whole percentages in (0, 100] ending at 100',
    ],
    [
      { canaryStages: '10,50' },
      'cdk context canaryStages: expected increasing whole percentages in (0, 100] ending at 100',
    ],
    [{ canaryWaitMinutes: 'ten' }, 'cdk context canaryWaitMinutes: expected an integer >= 1, got "ten"'],
    [
      { schedule: '0 3 * * *' },
      'cdk context schedule: expected an EventBridge expression: cron(…) or rate(…)',
    ],
    [{ account: '1234' }, 'cdk context account: expected a 12-digit AWS account id'],
    [
      { profileRegions: '{"us":["nowhere"]}' },
      'cdk context profileRegions.us: expected a list of region names such as us-east-1',
    ],
  ])('rejects %o in one line', (values, message) => {
    expect(() => readConfig(ctx(values))).toThrow(message);
  });
});

describe('live metrics from CloudWatch', () => {
  const v = { endpoint: 'acme-support', baseline: 'baseline', canary: 'canary' };

  it('asks for invocations, 5XX errors and ModelLatency p50/p99 of both variants, per minute', () => {
    const q = metricQueries(v);
    expect(q.map((x) => x.Id)).toEqual([
      'candidate_requests',
      'candidate_errors',
      'candidate_p50',
      'candidate_p99',
      'baseline_requests',
      'baseline_errors',
      'baseline_p50',
      'baseline_p99',
    ]);
    expect(q[3]?.MetricStat).toEqual({
      Metric: {
        Namespace: 'AWS/SageMaker',
        MetricName: 'ModelLatency',
        Dimensions: [
          { Name: 'EndpointName', Value: 'acme-support' },
          { Name: 'VariantName', Value: 'canary' },
        ],
      },
      Period: 60,
      Stat: 'p99',
    });
    expect(q[5]?.MetricStat.Metric.MetricName).toBe('Invocation5XXErrors');
  });

  it('sums counts over the minutes and keeps the worst minute of each percentile, in milliseconds', () => {
    const answer = {
      MetricDataResults: [
        { Id: 'candidate_requests', Values: [120, 80] },
        { Id: 'candidate_errors', Values: [1, 2] },
        { Id: 'candidate_p50', Values: [90_000, 110_000] },
        { Id: 'candidate_p99', Values: [400_000, 420_500] },
        { Id: 'baseline_requests', Values: [900, 1100] },
        { Id: 'baseline_errors', Values: [] },
        { Id: 'baseline_p99', Values: [380_000] },
      ],
    };
    // candidate: 200 requests, 3 errors; p50 max(90, 110) ms; p99 max(400, 420.5) ms. baseline: no p50 values
    expect(liveMetrics(answer, 25)).toEqual({
      stage: 25,
      candidate: { requests: 200, errors: 3, p50Ms: 110, p99Ms: 420.5 },
      baseline: { requests: 2000, errors: 0, p99Ms: 380 },
    });
  });

  it('reports no traffic as zero requests (the gate then cannot promote)', () => {
    expect(liveMetrics({ MetricDataResults: [] }, 10)).toEqual({
      stage: 10,
      candidate: { requests: 0, errors: 0 },
      baseline: { requests: 0, errors: 0 },
    });
  });
});

describe('canary wiring', () => {
  const base = readConfig(ctx({}));
  const res = (endpoints: SuiteResources['endpoints']) => ({ endpoints }) as SuiteResources;

  it('takes the endpoint and its first two pinned variants from the canary suites', () => {
    const e = { name: 'acme-support', invoke: true, stream: true, variants: ['baseline', 'canary'] };
    expect(canaryTarget(base, res([e]))).toEqual({
      name: 'acme-support',
      baseline: 'baseline',
      canary: 'canary',
    });
  });

  it('needs exactly one endpoint or canaryEndpoint, and two variants', () => {
    expect(() => canaryTarget(base, res([]))).toThrow(
      'cdk context canarySuites: expected the canary suites (suites/sagemaker-variants.yaml) to name exactly one SageMaker endpoint, found 0; set canaryEndpoint',
    );
    const one = { name: 'x', invoke: true, stream: false, variants: ['only'] };
    expect(() => canaryTarget(base, res([one]))).toThrow(/expected two different production variants/);
    const named = {
      ...base,
      canary: { ...base.canary, endpoint: 'y', baselineVariant: 'blue', canaryVariant: 'green' },
    };
    expect(canaryTarget(named, res([]))).toEqual({ name: 'y', baseline: 'blue', canary: 'green' });
  });

  it('writes a policy file the gate reads: the stages and the live-metric rules', () => {
    expect(JSON.parse(canaryPolicy([10, 100], 'canary', 'baseline'))).toEqual({
      candidate: 'canary',
      baseline: 'baseline',
      canary: {
        stages: [10, 100],
        rules: [
          { metric: 'error_rate', max: 0.01 },
          { metric: 'p99_ms', maxRatio: 2 },
        ],
      },
    });
  });

  it('is judged by evalgate gate --stage: within the rules promotes, a p99 over 2 x baseline rolls back', async () => {
    const policy = parsePolicy(
      canaryPolicy([10, 25, 50, 75, 100], 'canary', 'baseline'),
      'canary.policy.json',
    );
    const dir = mkdtempSync(join(tmpdir(), 'evalgate-live-'));
    const judge = async (canaryP99Us: number) => {
      const answer = {
        MetricDataResults: [
          { Id: 'candidate_requests', Values: [500] },
          { Id: 'candidate_errors', Values: [2] },
          { Id: 'candidate_p99', Values: [canaryP99Us] },
          { Id: 'baseline_requests', Values: [4500] },
          { Id: 'baseline_errors', Values: [9] },
          { Id: 'baseline_p99', Values: [300_000] },
        ],
      };
      const file = join(dir, `live-${canaryP99Us}.json`);
      writeFileSync(file, JSON.stringify(liveMetrics(answer, 25)));
      return (await stageFromMetrics(policy, 25, file)).decision;
    };
    // error rate 2/500 = 0.4 % <= 1 %; p99 599 ms <= 2 x 300 ms
    expect(await judge(599_000)).toBe('promote');
    // p99 601 ms > 600 ms
    expect(await judge(601_000)).toBe('rollback');
  });
});
