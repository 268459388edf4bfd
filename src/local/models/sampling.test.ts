import { describe, expect, it } from 'vitest';
import { generate, getLocalModel } from './index.ts';
import type { LocalModel } from './model.ts';
import { pickSampled, Sampler, samplingWeights } from './sampling.ts';

const micro = getLocalModel('amazon.nova-micro-v1:0') as LocalModel;

describe('samplingWeights', () => {
  it('is a softmax of relative scores over the positive-scoring candidates', () => {
    // τ = 0.5 → width 0.05; relative scores 1, 0.9, 0.5 → exponents 0, −2, −10 (index 2 scores 0: no candidate).
    const w = samplingWeights([2, 1.8, 0, 1], 0.5);
    const total = 1 + Math.exp(-2) + Math.exp(-10); // 1.1353807
    expect(w.map((c) => c.index)).toEqual([0, 1, 3]);
    expect(w[0]?.p).toBeCloseTo(1 / total, 6); // 0.880770
    expect(w[1]?.p).toBeCloseTo(Math.exp(-2) / total, 6); // 0.119194
    expect(w[2]?.p).toBeCloseTo(Math.exp(-10) / total, 9); // 0.0000400
  });

  it('keeps the 5 best (earlier first on ties) and has no candidate when nothing scores', () => {
    expect(samplingWeights([1, 1, 1, 1, 1, 1, 1], 1)).toEqual(
      [0, 1, 2, 3, 4].map((index) => ({ index, p: 0.2 })),
    );
    expect(samplingWeights([0, 0], 1)).toEqual([]);
    expect(pickSampled([0, 0], 1, 0.3)).toBe(-1);
  });

  it('picks by cumulative probability', () => {
    // cumulative: 0.880770, 0.999960, 1
    expect(pickSampled([2, 1.8, 0, 1], 0.5, 0.5)).toBe(0);
    expect(pickSampled([2, 1.8, 0, 1], 0.5, 0.9)).toBe(1);
    expect(pickSampled([2, 1.8, 0, 1], 0.5, 0.99999)).toBe(3);
  });
});

describe('Sampler', () => {
  it('is reproducible per key whatever the interleaving, and differs by seed', () => {
    const a = new Sampler(7);
    const b = new Sampler(7);
    const seqA = [a.uniform('x'), a.uniform('y'), a.uniform('x'), a.uniform('x')];
    const bx = [b.uniform('x'), b.uniform('x'), b.uniform('x')];
    expect(b.uniform('y')).toBe(seqA[1]);
    expect(bx).toEqual([seqA[0], seqA[2], seqA[3]]);
    expect(new Set(bx).size).toBe(3);
    expect(new Sampler(8).uniform('x')).not.toBe(seqA[0]);
    for (const u of seqA) expect(u >= 0 && u < 1).toBe(true);
  });

  it('draws a fresh seed when none is given', () => {
    expect(new Sampler().seed).not.toBe(new Sampler().seed);
  });
});

describe('sampled generation', () => {
  // micro counts distinct shared words: question {refund, policy, covers, thirty, days}; sentence 1 has all 5,
  // sentence 2 four (relative 0.8). At τ = 1 (width 0.1): P(sentence 2) = e⁻² / (1 + e⁻²) = 0.1192.
  const context = 'Our refund policy covers thirty days. The refund policy covers days too.';
  const input = (temperature: number) => ({
    system: [context],
    messages: [{ role: 'user' as const, text: 'refund policy covers thirty days' }],
    temperature,
  });

  it('flips a close case at about the softmax rate', () => {
    const sampler = new Sampler(3);
    let second = 0;
    for (let i = 0; i < 1000; i++) {
      const text = generate(micro, input(1), sampler).text;
      if (text === 'The refund policy covers days too.') second++;
      else expect(text).toBe('Our refund policy covers thirty days.');
    }
    // 1000 × 0.1192 = 119, sd √(1000 × 0.119 × 0.881) = 10.2: ±35 is 3.4 sd.
    expect(second).toBeGreaterThan(119 - 35);
    expect(second).toBeLessThan(119 + 35);
  });

  it('stays deterministic at temperature 0 or without a sampler', () => {
    const sampler = new Sampler(3);
    for (let i = 0; i < 50; i++) {
      expect(generate(micro, input(0), sampler).text).toBe('Our refund policy covers thirty days.');
      expect(generate(micro, input(1)).text).toBe('Our refund policy covers thirty days.');
    }
  });
});
