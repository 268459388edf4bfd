import { describe, expect, it } from 'vitest';
import type { EvalCase, ScoreContext } from '../core/types.ts';
import { costScorer, costUsd } from './cost.ts';
import { latencyScorer } from './latency.ts';
import { tokensScorer } from './tokens.ts';

const kase: EvalCase = { id: 'c1', source: { file: 'd.csv', row: 1 }, vars: {} };
const ctx: ScoreContext = { targetId: 't', modelId: 'amazon.nova-pro-v1:0' };
const usage = { inputTokens: 1234, outputTokens: 567, totalTokens: 1801 };

describe('latency scorer', () => {
  it('records latency_ms, and ttft_ms when streamed; no pass without max', () => {
    const s = latencyScorer.create({ type: 'latency' }, { baseDir: '.' });
    expect(s.score(kase, { timing: { latencyMs: 812 } }, ctx)).toEqual([
      { metric: 'latency_ms', value: 812 },
    ]);
    expect(s.score(kase, { timing: { latencyMs: 812, ttftMs: 95 } }, ctx)).toEqual([
      { metric: 'latency_ms', value: 812 },
      { metric: 'ttft_ms', value: 95 },
    ]);
  });

  it('pass when <= max and maxTtft', () => {
    const s = latencyScorer.create({ type: 'latency', max: 800, maxTtft: 100 }, { baseDir: '.' });
    expect(s.score(kase, { timing: { latencyMs: 812, ttftMs: 100 } }, ctx)).toEqual([
      { metric: 'latency_ms', value: 812, pass: false, reason: '812 ms > max 800 ms' },
      { metric: 'ttft_ms', value: 100, pass: true },
    ]);
  });
});

describe('tokens scorer', () => {
  it('records the three usage figures; pass on total_tokens vs max', () => {
    const s = tokensScorer.create({ type: 'tokens', max: 1800 }, { baseDir: '.' });
    expect(s.score(kase, { usage, timing: { latencyMs: 1 } }, ctx)).toEqual([
      { metric: 'input_tokens', value: 1234 },
      { metric: 'output_tokens', value: 567 },
      { metric: 'total_tokens', value: 1801, pass: false, reason: '1801 tokens > max 1800 tokens' },
    ]);
  });

  it('no usage → no scores (no invented zeros)', () => {
    const s = tokensScorer.create({ type: 'tokens' }, { baseDir: '.' });
    expect(s.score(kase, { text: 'x', timing: { latencyMs: 1 } }, ctx)).toEqual([]);
  });
});

describe('cost scorer', () => {
  const price = { inputPer1k: 0.0008, outputPer1k: 0.0032 };

  it('1234 in + 567 out at 0.0008/0.0032 → 0.0009872 + 0.0018144 = 0.0028016', () => {
    expect(costUsd(1234, 567, price)).toBe(0.0028016);
    const s = costScorer.create({ type: 'cost' }, { baseDir: '.' });
    expect(s.score(kase, { usage, timing: { latencyMs: 1 } }, { ...ctx, price })).toEqual([
      { metric: 'cost_usd', value: 0.0028016 },
    ]);
  });

  it('pass against max', () => {
    const s = costScorer.create({ type: 'cost', max: 0.002 }, { baseDir: '.' });
    expect(s.score(kase, { usage, timing: { latencyMs: 1 } }, { ...ctx, price })).toEqual([
      { metric: 'cost_usd', value: 0.0028016, pass: false, reason: '0.0028016 USD > max 0.002 USD' },
    ]);
  });

  it('no price or no usage → no score (never a fake 0)', () => {
    const s = costScorer.create({ type: 'cost' }, { baseDir: '.' });
    expect(s.score(kase, { usage, timing: { latencyMs: 1 } }, ctx)).toEqual([]);
    expect(s.score(kase, { timing: { latencyMs: 1 } }, { ...ctx, price })).toEqual([]);
  });
});
