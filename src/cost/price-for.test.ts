import { describe, expect, it } from 'vitest';
import { fixtureTable } from './_fixture.ts';
import {
  arnRegion,
  baseModelId,
  instancePricePerHour,
  type PriceOverrides,
  priceFor,
  priceQuote,
  priceTable,
  suitePricer,
} from './index.ts';

const table = fixtureTable();

describe('region look-up and fallback', () => {
  it('the exact region wins; an unknown region falls back to the default region', () => {
    expect(priceQuote('acme.model-v1', { region: 'eu-central-1', table })).toEqual({
      price: { inputPer1k: 0.0012, outputPer1k: 0.0024 },
      region: 'eu-central-1',
      source: 'table test-1',
      listedAs: 'acme.model-v1',
    });
    expect(priceQuote('acme.model-v1', { region: 'ap-southeast-2', table })).toEqual({
      price: { inputPer1k: 0.001, outputPer1k: 0.002, batchDiscount: 0.5, cacheReadPer1k: 0.0001 },
      region: 'us-east-1',
      source: 'table test-1',
      listedAs: 'acme.model-v1',
    });
    // no region asked: the default region
    expect(priceQuote('acme.model-v1', { table })?.region).toBe('us-east-1');
  });

  it('a model with no figure in the asked region nor the default region has no price', () => {
    expect(priceFor('acme.eu-only-v1', { region: 'eu-central-1', table })).toEqual({
      inputPer1k: 0.004,
      outputPer1k: 0.008,
    });
    expect(priceFor('acme.eu-only-v1', { region: 'us-west-2', table })).toBeUndefined();
    expect(priceFor('acme.unknown-v1', { table })).toBeUndefined();
    expect(priceFor('constructor', { table })).toBeUndefined();
  });

  it('profile prefixes resolve to the base id; an ARN also names the region', () => {
    expect(priceQuote('eu.acme.model-v1', { region: 'eu-central-1', table })?.price.inputPer1k).toBe(0.0012);
    const arn = 'arn:aws:bedrock:eu-central-1::foundation-model/acme.model-v1';
    expect(arnRegion(arn)).toBe('eu-central-1');
    expect(baseModelId(arn)).toBe('acme.model-v1');
    expect(priceQuote(arn, { table })).toMatchObject({ region: 'eu-central-1', listedAs: 'acme.model-v1' });
    // an explicit region beats the ARN's
    expect(priceQuote(arn, { region: 'us-east-1', table })?.price.inputPer1k).toBe(0.001);
    expect(
      baseModelId('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0'),
    ).toBe('amazon.nova-lite-v1:0');
    expect(arnRegion('amazon.nova-lite-v1:0')).toBeUndefined();
  });

  it('batch mode takes the discount off input and output; unknown discount → no batch price', () => {
    // 0.001 × (1 − 0.5) = 0.0005, 0.002 × 0.5 = 0.001
    expect(priceFor('acme.model-v1', { mode: 'batch', table })).toEqual({
      inputPer1k: 0.0005,
      outputPer1k: 0.001,
      batchDiscount: 0.5,
      cacheReadPer1k: 0.0001,
    });
    expect(priceFor('acme.model-v1', { mode: 'batch', region: 'eu-central-1', table })).toBeUndefined();
  });
});

describe('suite overrides', () => {
  const overrides: PriceOverrides = {
    'acme.model-v1': {
      input: 0.01,
      output: 0.02,
      cacheWrite: 0.05,
      regions: { 'eu-central-1': { input: 0.03 } },
    },
    'eu.acme.model-v1': { input: 0.5, output: 0.6 },
    'acme.eu-only-v1': { regions: { 'eu-west-1': { input: 0.7, output: 0.8 } } },
  };

  it('beat the table: model-wide figures in any region, a region entry inheriting the rest', () => {
    expect(priceQuote('acme.model-v1', { overrides, region: 'us-east-1', table })).toEqual({
      price: { inputPer1k: 0.01, outputPer1k: 0.02, cacheWritePer1k: 0.05 },
      region: 'us-east-1',
      source: 'suite',
      listedAs: 'acme.model-v1',
    });
    // eu-central-1: input from the region entry, output and cacheWrite from the model entry
    expect(priceFor('acme.model-v1', { overrides, region: 'eu-central-1', table })).toEqual({
      inputPer1k: 0.03,
      outputPer1k: 0.02,
      cacheWritePer1k: 0.05,
    });
    // the table's cacheRead is not mixed into an override
    expect(priceFor('acme.model-v1', { overrides, table })?.cacheReadPer1k).toBeUndefined();
  });

  it('exact id before base id; an override that does not cover the region leaves it to the table', () => {
    expect(priceFor('eu.acme.model-v1', { overrides, table })).toEqual({ inputPer1k: 0.5, outputPer1k: 0.6 });
    expect(priceFor('us.acme.model-v1', { overrides, table })?.inputPer1k).toBe(0.01);
    expect(priceQuote('acme.eu-only-v1', { overrides, region: 'eu-west-1', table })).toMatchObject({
      price: { inputPer1k: 0.7, outputPer1k: 0.8 },
      source: 'suite',
    });
    expect(priceQuote('acme.eu-only-v1', { overrides, region: 'eu-central-1', table })).toMatchObject({
      price: { inputPer1k: 0.004, outputPer1k: 0.008 },
      source: 'table test-1',
    });
  });

  it('suitePricer: the target region, else the default region it was given', () => {
    const pricer = suitePricer({ 'amazon.nova-micro-v1:0': { input: 1, output: 2 } }, 'eu-central-1');
    expect(pricer('amazon.nova-micro-v1:0')).toEqual({ inputPer1k: 1, outputPer1k: 2 });
    // claude-3-haiku has an eu-central-1 entry in the shipped table
    expect(priceQuote('anthropic.claude-3-haiku-20240307-v1:0', { region: 'eu-central-1' })?.region).toBe(
      'eu-central-1',
    );
    expect(pricer('anthropic.claude-3-haiku-20240307-v1:0')).toEqual({
      inputPer1k: 0.00025,
      outputPer1k: 0.00125,
      batchDiscount: 0.5,
    });
  });
});

describe('instance prices', () => {
  it('by instance type and region, falling back to the default region', () => {
    expect(instancePricePerHour('ml.inf2.xlarge', 'eu-central-1', table)).toBe(1.1);
    expect(instancePricePerHour('ml.inf2.xlarge', 'ap-south-1', table)).toBe(0.99);
    expect(instancePricePerHour('ml.inf2.xlarge', undefined, table)).toBe(0.99);
    expect(instancePricePerHour('ml.g5.xlarge', 'us-east-1', table)).toBeUndefined();
    expect(instancePricePerHour('ml.inf2.8xlarge')).toBe(2.36);
  });
});

describe('the shipped table', () => {
  const shipped = priceTable();

  it('keeps the us-east-1 on-demand figures evalgate has used since 2025-06', () => {
    expect(priceFor('amazon.nova-micro-v1:0')).toMatchObject({ inputPer1k: 0.000035, outputPer1k: 0.00014 });
    expect(priceFor('amazon.nova-pro-v1:0')).toEqual({
      inputPer1k: 0.0008,
      outputPer1k: 0.0032,
      batchDiscount: 0.5,
      cacheReadPer1k: 0.0002,
    });
    for (const prefix of ['us.', 'eu.', 'apac.', 'global.'])
      expect(priceFor(`${prefix}anthropic.claude-3-haiku-20240307-v1:0`)).toMatchObject({
        inputPer1k: 0.00025,
        outputPer1k: 0.00125,
      });
    // Claude cache prices: write 1.25 × input, read 0.1 × input
    expect(priceFor('anthropic.claude-3-7-sonnet-20250219-v1:0')).toMatchObject({
      cacheWritePer1k: 0.00375,
      cacheReadPer1k: 0.0003,
    });
  });

  it('prices every model in its default region, and lists the Inferentia instance types', () => {
    for (const [id, m] of Object.entries(shipped.models))
      expect(Object.keys(m.regions), id).toContain(shipped.defaultRegion);
    expect(Object.keys(shipped.instances)).toEqual(
      expect.arrayContaining(['ml.inf2.xlarge', 'ml.inf2.8xlarge', 'ml.inf2.24xlarge', 'ml.inf2.48xlarge']),
    );
    expect(shipped.currency).toBe('USD');
  });
});
