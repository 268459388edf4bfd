import { describe, expect, it } from 'vitest';
import { baseModelId, DEFAULT_PRICES, priceFor } from './prices.ts';

describe('priceFor', () => {
  it('looks up default prices by model id', () => {
    expect(priceFor('amazon.nova-pro-v1:0')).toEqual({ inputPer1k: 0.0008, outputPer1k: 0.0032 });
    expect(priceFor('amazon.nova-micro-v1:0')).toEqual({ inputPer1k: 0.000035, outputPer1k: 0.00014 });
  });

  it('strips cross-region inference profile prefixes and ARNs', () => {
    for (const prefix of ['us.', 'eu.', 'apac.', 'global.']) {
      expect(priceFor(`${prefix}anthropic.claude-3-haiku-20240307-v1:0`)).toEqual({
        inputPer1k: 0.00025,
        outputPer1k: 0.00125,
      });
    }
    expect(baseModelId('arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0')).toBe(
      'amazon.nova-lite-v1:0',
    );
    expect(
      baseModelId('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0'),
    ).toBe('amazon.nova-lite-v1:0');
  });

  it('overrides win, by exact id then base id', () => {
    const overrides = {
      'amazon.nova-lite-v1:0': { input: 0.1, output: 0.2 },
      'eu.amazon.nova-lite-v1:0': { input: 0.3, output: 0.4 },
    };
    expect(priceFor('us.amazon.nova-lite-v1:0', overrides)).toEqual({ inputPer1k: 0.1, outputPer1k: 0.2 });
    expect(priceFor('eu.amazon.nova-lite-v1:0', overrides)).toEqual({ inputPer1k: 0.3, outputPer1k: 0.4 });
    expect(priceFor('acme.custom-v1', { 'acme.custom-v1': { input: 1, output: 2 } })).toEqual({
      inputPer1k: 1,
      outputPer1k: 2,
    });
  });

  it('unknown models (and prototype keys) have no price', () => {
    expect(priceFor('acme.unknown-v1')).toBeUndefined();
    expect(priceFor('constructor')).toBeUndefined();
  });

  it('the table covers the models the brief names', () => {
    expect(Object.keys(DEFAULT_PRICES)).toEqual(
      expect.arrayContaining([
        'amazon.nova-lite-v1:0',
        'anthropic.claude-3-5-haiku-20241022-v1:0',
        'anthropic.claude-3-7-sonnet-20250219-v1:0',
        'meta.llama3-1-8b-instruct-v1:0',
        'meta.llama3-1-70b-instruct-v1:0',
        'mistral.mistral-large-2407-v1:0',
      ]),
    );
  });
});
