import { describe, expect, it } from 'vitest';
import {
  type ModelCall,
  modelCallsCostUsd,
  modelCallsOf,
  priceFor,
  tokenCostUsd,
  usageCostUsd,
} from './index.ts';

const sonnet = priceFor('anthropic.claude-3-7-sonnet-20250219-v1:0')!;
const novaPro = priceFor('amazon.nova-pro-v1:0')!;

describe('usageCostUsd: prompt-cache tokens', () => {
  it('prices cache reads and writes at their own prices (Claude 3.7 Sonnet, us-east-1)', () => {
    // 200 in × 0.003 + 100 out × 0.015 + 2,000 read × 0.0003 + 1,000 write × 0.00375 (per 1k)
    // = 0.0006 + 0.0015 + 0.0006 + 0.00375 = 0.00645
    const usage = {
      inputTokens: 200,
      outputTokens: 100,
      totalTokens: 3300,
      cacheReadInputTokens: 2000,
      cacheWriteInputTokens: 1000,
    };
    expect(usageCostUsd(usage, sonnet)).toEqual({ usd: 0.00645, notes: [] });
  });

  it('a missing cache price counts as the input price, and says so (Nova Pro has no cache-write figure)', () => {
    // 100 × 0.0008 + 50 × 0.0032 + 1,000 read × 0.0002 + 1,000 write × 0.0008 (input price) per 1k
    // = 0.00008 + 0.00016 + 0.0002 + 0.0008 = 0.00124
    const usage = {
      inputTokens: 100,
      outputTokens: 50,
      totalTokens: 2150,
      cacheReadInputTokens: 1000,
      cacheWriteInputTokens: 1000,
    };
    expect(usageCostUsd(usage, novaPro, 'amazon.nova-pro-v1:0')).toEqual({
      usd: 0.00124,
      notes: [
        'no cache-write price for amazon.nova-pro-v1:0: 1000 cache-write tokens priced at the input price',
      ],
    });
  });

  it('without cache tokens it is input + output only', () => {
    // 1,234 × 0.0008 + 567 × 0.0032 per 1k = 0.0009872 + 0.0018144 = 0.0028016
    expect(usageCostUsd({ inputTokens: 1234, outputTokens: 567, totalTokens: 1801 }, novaPro).usd).toBe(
      0.0028016,
    );
    expect(tokenCostUsd(1234, 567, novaPro)).toBe(0.0028016);
  });
});

describe('modelCallsCostUsd: each call at its own model price', () => {
  const calls: ModelCall[] = [
    {
      modelId: 'amazon.nova-micro-v1:0',
      role: 'classifier',
      usage: { inputTokens: 120, outputTokens: 2, totalTokens: 122 },
    },
    {
      modelId: 'us.amazon.nova-pro-v1:0',
      role: 'answer',
      usage: { inputTokens: 800, outputTokens: 60, totalTokens: 860 },
    },
  ];

  it('classifier 120 in / 2 out on nova-micro + answer 800 in / 60 out on nova-pro', () => {
    // micro: 0.12 × 0.000035 + 0.002 × 0.00014 = 0.0000042 + 0.00000028 = 0.00000448
    // pro:   0.8 × 0.0008 + 0.06 × 0.0032     = 0.00064 + 0.000192     = 0.000832
    // total 0.00083648
    expect(modelCallsCostUsd(calls, (id) => priceFor(id))).toEqual({
      priced: true,
      usd: 0.00083648,
      calls: [
        { modelId: 'amazon.nova-micro-v1:0', role: 'classifier', usd: 0.00000448 },
        { modelId: 'us.amazon.nova-pro-v1:0', role: 'answer', usd: 0.000832 },
      ],
      notes: [],
    });
  });

  it('a call whose model has no price leaves the answer unpriced, naming the model', () => {
    const priceOf = (id: string) => (id.includes('micro') ? priceFor(id) : undefined);
    expect(modelCallsCostUsd(calls, priceOf)).toEqual({
      priced: false,
      unpriced: ['us.amazon.nova-pro-v1:0'],
    });
  });

  it('modelCallsOf reads raw.modelCalls only when well formed', () => {
    expect(modelCallsOf({ modelCalls: calls })).toEqual(calls);
    expect(modelCallsOf({ modelCalls: [] })).toBeUndefined();
    expect(modelCallsOf({ modelCalls: [{ modelId: 'x', role: 'answer' }] })).toBeUndefined();
    expect(modelCallsOf(undefined)).toBeUndefined();
  });
});
