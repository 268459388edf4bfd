import { describe, expect, it } from 'vitest';
import { formatPath } from '../config/issues.ts';
import { validateSuiteData } from '../config/validate.ts';
import { EndpointSchema, endpointPricePerHour } from '../targets/sagemaker/spec.ts';
import { PRICE_TABLE_VERSION, priceFor } from './index.ts';

const suite = (prices: unknown) => ({
  name: 'demo',
  datasets: [{ path: 'd.csv' }],
  prompt: { version: '1.0.0', template: '{{q}}' },
  targets: [{ id: 'a', model: 'amazon.nova-lite-v1:0' }],
  scorers: [{ type: 'cost' }],
  prices,
});

function problems(prices: unknown): string[] {
  const result = validateSuiteData(suite(prices));
  return result.ok ? [] : result.issues.map((i) => `${formatPath(i.display ?? i.path)}: ${i.message}`);
}

describe("a suite's prices:", () => {
  it('accepts {input, output} as before, and cache, batch and per-region figures', () => {
    const result = validateSuiteData(
      suite({
        'amazon.nova-lite-v1:0': { input: 0.1, output: 0.2 },
        'acme.model-v1': {
          input: 0.01,
          output: 0.02,
          cacheRead: 0.001,
          cacheWrite: 0.0125,
          batchDiscount: 0.5,
          regions: { 'eu-central-1': { input: 0.012, output: 0.024 } },
        },
        'acme.eu-only-v1': { regions: { 'eu-west-1': { input: 1, output: 2 } } },
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const overrides = result.suite.prices!;
    // 0.02 × (1 − 0.5) = 0.01 per 1k output in batch; eu-central-1 input 0.012 (batch 0.006)
    expect(priceFor('acme.model-v1', { overrides, region: 'eu-central-1', mode: 'batch' })).toEqual({
      inputPer1k: 0.006,
      outputPer1k: 0.012,
      cacheReadPer1k: 0.001,
      cacheWritePer1k: 0.0125,
      batchDiscount: 0.5,
    });
    expect(priceFor('amazon.nova-lite-v1:0', { overrides })).toEqual({ inputPer1k: 0.1, outputPer1k: 0.2 });
  });

  it('rejects half prices, missing figures, bad regions and unknown keys, naming the key', () => {
    expect(problems({ 'acme.model-v1': { input: 0.1 } })).toEqual([
      'prices["acme.model-v1"].output: missing required field (expected a number: input and output go together)',
    ]);
    expect(problems({ 'acme.model-v1': { cacheRead: 0.1 } })).toEqual([
      'prices["acme.model-v1"]: expected input and output, or regions',
    ]);
    expect(problems({ 'acme.model-v1': { regions: { 'eu-west-1': { input: 1 } } } })).toEqual([
      'prices["acme.model-v1"].regions.eu-west-1.output: missing output (set it here or for the whole model)',
    ]);
    expect(problems({ 'acme.model-v1': { input: 1, output: 2, batchDiscount: 2 } })).toEqual([
      'prices["acme.model-v1"].batchDiscount: expected a number <= 1, got 2',
    ]);
    expect(problems({ 'acme.model-v1': { input: 1, output: 2, cached: 1 } })[0]).toMatch(
      /^prices\["acme\.model-v1"\]: unknown key "cached"/,
    );
    expect(problems({ 'acme.model-v1': { regions: { Frankfurt: { input: 1, output: 2 } } } })).toHaveLength(
      1,
    );
  });
});

describe('SageMaker endpoints: price per hour', () => {
  const endpoint = (extra: Record<string, unknown>) =>
    EndpointSchema.parse({ name: 'acme-support', format: 'tgi', ...extra });

  it('an explicit pricePerHour wins; else the table figure for the instance type', () => {
    expect(endpointPricePerHour(endpoint({ instanceType: 'ml.inf2.xlarge', pricePerHour: 1.5 }))).toEqual({
      pricePerHour: 1.5,
    });
    expect(endpointPricePerHour(endpoint({ instanceType: 'ml.inf2.xlarge' }), 'us-east-1')).toEqual({
      pricePerHour: 0.99,
      priceSource: `table ${PRICE_TABLE_VERSION}`,
    });
    // no figure for the region: the default region's
    expect(
      endpointPricePerHour(endpoint({ instanceType: 'ml.inf2.48xlarge' }), 'eu-west-1')?.pricePerHour,
    ).toBe(15.58);
  });

  it('no price without pricePerHour and a known instance type', () => {
    expect(endpointPricePerHour(endpoint({}))).toBeUndefined();
    expect(endpointPricePerHour(endpoint({ instanceType: 'ml.x9.tiny' }))).toBeUndefined();
  });
});
