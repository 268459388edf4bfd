import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../local/prng.ts';
import { passes, simCasePool, simCases } from './dataset.ts';
import { nonInferiorityDecision, normalCdf, predictRates } from './decision.ts';
import { gateNonInferiority } from './gate-path.ts';
import { runGateSim, SIM_MARGIN } from './gate-sim.ts';

const ones = (n: number): number[] => new Array<number>(n).fill(1);

describe('nonInferiorityDecision', () => {
  it('promotes an identical candidate: every resample mean is 0', () => {
    const d = nonInferiorityDecision(ones(200), ones(200), { margin: 0.065 });
    expect(d).toMatchObject({ decision: 'promote', b: 0, c: 0, ci: { mean: 0, low: 0, high: 0, n: 200 } });
  });

  it('rolls back a 10-point drop: the CI sits around −0.1, below −0.065', () => {
    const cand = ones(200).map((v, i) => (i < 20 ? 0 : v));
    const d = nonInferiorityDecision(ones(200), cand, { margin: 0.065 });
    expect(d.decision).toBe('rollback');
    expect(d.ci.mean).toBeCloseTo(-0.1, 12);
    expect(d.ci.low).toBeLessThan(-0.1);
    expect([d.b, d.c]).toEqual([20, 0]);
  });

  it('compares the lower bound with −margin (a constant difference has a zero-width CI)', () => {
    const base = new Array<number>(10).fill(0.5);
    const cand = new Array<number>(10).fill(0.45); // every difference −0.05
    expect(nonInferiorityDecision(base, cand, { margin: 0.065 }).decision).toBe('promote');
    expect(nonInferiorityDecision(base, cand, { margin: 0.04 }).decision).toBe('rollback');
    const d = nonInferiorityDecision(base, cand, { margin: 0.04 });
    expect([d.b, d.c]).toEqual([10, 0]);
  });

  it('agrees with the product path (compareRunRows + evaluateGate with a nonInferiority rule)', () => {
    const rand = mulberry32(5);
    const ids = Array.from({ length: 200 }, (_, i) => `case-${String(i).padStart(3, '0')}`);
    for (let t = 0; t < 20; t++) {
      const base = ids.map(() => (rand() < 0.6 ? 1 : 0));
      const cand = base.map((v) => (rand() < 0.08 ? 1 - v : v));
      const own = nonInferiorityDecision(base, cand, { margin: 0.03, seed: t + 1, resamples: 500 });
      const gate = gateNonInferiority(ids, base, cand, { margin: 0.03, seed: t + 1, resamples: 500 });
      expect(gate).toEqual(own);
    }
  });

  it('predicts the error rates by the normal approximation of the file header', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-1.645)).toBeCloseTo(0.04998, 4);
    // n = 200, D = 10: s = √10/200 = 0.015811, s′ = √((20/200 − 0.05²)/200) = 0.022079.
    const r = predictRates(200, 10, 0.065);
    expect(r.seAa).toBeCloseTo(0.0158114, 6);
    expect(r.seDrop).toBeCloseTo(0.0220794, 6);
    expect(r.falseRollback).toBeCloseTo(0.01574, 4); // Φ(1.96 − 4.111)
    expect(r.detection).toBeCloseTo(0.96314, 4); // Φ(1.7883)
    expect(r.detectionSimple).toBeCloseTo(0.89984, 4); // Φ(−0.6794 + 1.96)
  });
});

describe('the simulation dataset', () => {
  it('draws 200 distinct cases from a 293-case pool and grades them deterministically', () => {
    expect(simCasePool()).toHaveLength(96 + 96 + 77 + 24);
    const cases = simCases();
    expect(new Set(cases.map((c) => c.id)).size).toBe(200);
    expect(simCases().map((c) => c.id)).toEqual(cases.map((c) => c.id));
    const c = {
      id: 'x',
      context: '',
      question: '',
      expected: 'It is 5 GB. Then more.',
      match: 'quote' as const,
    };
    expect(passes('Yes: it is 5 GB. Then more.', c)).toBe(true);
    expect(passes('It is 5 GB.', c)).toBe(false); // too short to be a sentence of the quote
    expect(passes("I don't know based on the provided information.", { ...c, expected: 'know' })).toBe(false);
    expect(passes('The Free plan includes 5 GB.', { ...c, expected: '5 gb', match: 'contains' })).toBe(true);
  });
});

describe('gate simulation through the SDK and the local backend (seeded, 30 + 30 trials)', () => {
  it('rarely rolls back an unchanged system and catches a planted 5-point drop', async () => {
    const r = await runGateSim({ aaTrials: 30, dropTrials: 30, pilotRuns: 6, seed: 1, resamples: 1000 });
    console.log(
      `gate-sim: A/A ${r.aa.rollbacks}/${r.aa.trials} rollbacks, drop ${r.drop.rollbacks}/${r.drop.trials},` +
        ` discordance ${r.aa.meanDiscordant.toFixed(2)}, margin ${r.margin}, ${r.requests} requests,` +
        ` ${r.seconds.toFixed(1)} s`,
    );
    expect(r.margin).toBe(SIM_MARGIN);
    expect(r.cases).toBe(200);
    expect(r.droppedCases).toHaveLength(10);
    // Requests: 6 pilot runs × 200 + 30 trials × (2 × 200 + 10 dropped cases asked again).
    expect(r.requests).toBe(6 * 200 + 30 * 410);
    // Discordance: 10.18 expected (exact, from the engine's sampling probabilities); per trial sd ≈ 3, so the
    // 30-trial mean has sd ≈ 0.55 and [8.5, 12] is about 3 sd either side.
    expect(r.aa.meanDiscordant).toBeGreaterThan(8.5);
    expect(r.aa.meanDiscordant).toBeLessThan(12);
    // The drop is real: mean candidate − baseline ≈ −0.05 (per-trial sd 0.016, 30-trial mean sd ≈ 0.003).
    expect(r.drop.meanDiff).toBeGreaterThan(-0.06);
    expect(r.drop.meanDiff).toBeLessThan(-0.04);
    expect(Math.abs(r.aa.meanDiff)).toBeLessThan(0.009);
    // Rates, with binomial slack for 30 trials: a gate exactly at the targets (5 % / 80 %) would break these
    // bounds with probability 1.6 % (P(X ≥ 5 | 30, 0.05)) and 2.6 % (P(X ≤ 19 | 30, 0.8)).
    expect(r.aa.rollbacks).toBeLessThanOrEqual(4);
    expect(r.drop.rollbacks).toBeGreaterThanOrEqual(20);
  }, 90_000);
});
