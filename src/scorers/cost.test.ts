import { describe, expect, it } from 'vitest';
import type { EvalCase, TargetResponse } from '../core/types.ts';
import { priceFor } from '../cost/index.ts';
import { costScorer, hardwareCostUsd } from './cost.ts';

const evalCase: EvalCase = { id: 'c1', source: { file: 'x.csv', row: 2 }, vars: {} };
const scorer = costScorer.create({ type: 'cost', max: 0.0001 }, {} as never);
const ctx = { targetId: 't', modelId: 'sagemaker/acme-support/canary' };

describe('cost of hardware-priced endpoints (instance-hours)', () => {
  it('latencyMs / 3,600,000 × pricePerHour × instanceCount / concurrency', () => {
    // 360 ms of a 2-instance fleet at $2.36/h, 4 calls in flight: 0.0001 h × 4.72 $/h / 4 = $0.000118
    expect(hardwareCostUsd(360, { pricePerHour: 2.36, instanceCount: 2, concurrency: 4 })).toBe(0.000118);
    // one call at a time holds the whole fleet: 1 s of $3.6/h = $0.001
    expect(hardwareCostUsd(1000, { pricePerHour: 3.6, instanceCount: 1, concurrency: 1 })).toBe(0.001);
  });

  it('the scorer prefers raw.hardware over token prices and records the rule', async () => {
    const response: TargetResponse = {
      text: 'x',
      usage: { inputTokens: 1000, outputTokens: 1000, totalTokens: 2000 },
      timing: { latencyMs: 360 },
      raw: {
        hardware: { instanceType: 'ml.inf2.xlarge', pricePerHour: 2.36, instanceCount: 2, concurrency: 4 },
      },
    };
    const scores = await scorer.score(evalCase, response, {
      ...ctx,
      price: { inputPer1k: 1, outputPer1k: 1 },
    });
    expect(scores).toEqual([
      {
        metric: 'cost_usd',
        value: 0.000118,
        pass: false,
        reason: '0.000118 USD > max 0.0001 USD',
        details: {
          rule: 'instance-hours',
          instanceType: 'ml.inf2.xlarge',
          pricePerHour: 2.36,
          instanceCount: 2,
          concurrency: 4,
          latencyMs: 360,
        },
      },
    ]);
  });

  it('a price per hour from the price table is marked with its source', async () => {
    // 3,600 ms = 0.001 h of one ml.inf2.xlarge at the table's 0.99 $/h = $0.00099
    const response: TargetResponse = {
      timing: { latencyMs: 3600 },
      raw: {
        hardware: { instanceType: 'ml.inf2.xlarge', pricePerHour: 0.99, priceSource: 'table 2026-11-23' },
      },
    };
    const [score] = await costScorer.create({ type: 'cost' }, {} as never).score(evalCase, response, ctx);
    expect(score).toEqual({
      metric: 'cost_usd',
      value: 0.00099,
      details: {
        rule: 'instance-hours',
        pricePerHour: 0.99,
        instanceCount: 1,
        concurrency: 1,
        instanceType: 'ml.inf2.xlarge',
        priceSource: 'table 2026-11-23',
        latencyMs: 3600,
      },
    });
  });

  it('without a price per hour (and no token price) there is no cost score', async () => {
    const response: TargetResponse = {
      text: 'x',
      timing: { latencyMs: 360 },
      raw: { hardware: { instanceCount: 1 } },
    };
    expect(await scorer.score(evalCase, response, ctx)).toEqual([]);
  });
});

describe('cost of token usage (the price table, cache tokens, several model calls)', () => {
  const plain = costScorer.create({ type: 'cost' }, {} as never);
  const sonnetId = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
  const sonnet = { targetId: 't', modelId: sonnetId, price: priceFor(sonnetId)! };

  it('input and output at ctx.price, no details when no cache tokens', async () => {
    // 1,234 × 0.0008 + 567 × 0.0032 per 1k = 0.0028016 (the SCORERS.md example)
    const response: TargetResponse = {
      usage: { inputTokens: 1234, outputTokens: 567, totalTokens: 1801 },
      timing: { latencyMs: 10 },
    };
    const ctx = { targetId: 't', modelId: 'amazon.nova-pro-v1:0', price: priceFor('amazon.nova-pro-v1:0')! };
    expect(await plain.score(evalCase, response, ctx)).toEqual([{ metric: 'cost_usd', value: 0.0028016 }]);
  });

  it('cache reads and writes at their prices, recorded in details', async () => {
    // 200 × 0.003 + 100 × 0.015 + 2,000 × 0.0003 + 1,000 × 0.00375 (per 1k) = 0.00645
    const response: TargetResponse = {
      usage: {
        inputTokens: 200,
        outputTokens: 100,
        totalTokens: 3300,
        cacheReadInputTokens: 2000,
        cacheWriteInputTokens: 1000,
      },
      timing: { latencyMs: 10 },
    };
    expect(await plain.score(evalCase, response, sonnet)).toEqual([
      {
        metric: 'cost_usd',
        value: 0.00645,
        details: { rule: 'tokens', cacheReadInputTokens: 2000, cacheWriteInputTokens: 1000 },
      },
    ]);
  });

  it('a missing cache price: input price, said in details.notes', async () => {
    // nova-lite: 100 × 0.00006 + 10 × 0.00024 + 500 write × 0.00006 (input price) per 1k
    // = 0.000006 + 0.0000024 + 0.00003 = 0.0000384
    const response: TargetResponse = {
      usage: { inputTokens: 100, outputTokens: 10, totalTokens: 610, cacheWriteInputTokens: 500 },
      timing: { latencyMs: 10 },
    };
    const ctx = {
      targetId: 't',
      modelId: 'amazon.nova-lite-v1:0',
      price: priceFor('amazon.nova-lite-v1:0')!,
    };
    const [score] = await plain.score(evalCase, response, ctx);
    expect(score).toEqual({
      metric: 'cost_usd',
      value: 0.0000384,
      details: {
        rule: 'tokens',
        cacheWriteInputTokens: 500,
        notes: ['no cache-write price: 500 cache-write tokens priced at the input price'],
      },
    });
  });

  const routed: TargetResponse = {
    text: 'x',
    usage: { inputTokens: 920, outputTokens: 62, totalTokens: 982 },
    timing: { latencyMs: 10 },
    raw: {
      route: { tier: 'hard', model: 'amazon.nova-pro-v1:0', by: 'classifier' },
      modelCalls: [
        {
          modelId: 'amazon.nova-micro-v1:0',
          role: 'classifier',
          usage: { inputTokens: 120, outputTokens: 2, totalTokens: 122 },
        },
        {
          modelId: 'amazon.nova-pro-v1:0',
          role: 'answer',
          usage: { inputTokens: 800, outputTokens: 60, totalTokens: 860 },
        },
      ],
    },
  };
  // the router's own model id has no price: each call is priced by its model instead
  const routerCtx = { targetId: 'routed', modelId: 'router/support' };

  it('raw.modelCalls: each call at its own model price (ctx.priceOf), summed', async () => {
    // micro 0.12 × 0.000035 + 0.002 × 0.00014 = 0.00000448; pro 0.8 × 0.0008 + 0.06 × 0.0032 = 0.000832
    const scores = await scorer.score(evalCase, routed, { ...routerCtx, priceOf: (id) => priceFor(id) });
    expect(scores).toEqual([
      {
        metric: 'cost_usd',
        value: 0.00083648,
        pass: false,
        reason: '0.00083648 USD > max 0.0001 USD',
        details: {
          rule: 'per-call',
          calls: [
            { modelId: 'amazon.nova-micro-v1:0', role: 'classifier', usd: 0.00000448 },
            { modelId: 'amazon.nova-pro-v1:0', role: 'answer', usd: 0.000832 },
          ],
        },
      },
    ]);
  });

  it('raw.modelCalls with an unpriced model: NaN (left out of aggregates) with the reason', async () => {
    const priceOf = (id: string) => (id === 'amazon.nova-micro-v1:0' ? priceFor(id) : undefined);
    expect(await plain.score(evalCase, routed, { ...routerCtx, priceOf })).toEqual([
      {
        metric: 'cost_usd',
        value: Number.NaN,
        reason: 'no price for amazon.nova-pro-v1:0: the 2 model calls of this answer cannot be priced',
        details: { rule: 'per-call', unpriced: ['amazon.nova-pro-v1:0'] },
      },
    ]);
    // without priceOf only calls of the target's own model can be priced
    const [alone] = await plain.score(evalCase, routed, routerCtx);
    expect(alone?.details).toEqual({
      rule: 'per-call',
      unpriced: ['amazon.nova-micro-v1:0', 'amazon.nova-pro-v1:0'],
    });
  });
});
