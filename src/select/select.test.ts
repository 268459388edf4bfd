import { describe, expect, it } from 'vitest';
import { EvalgateError } from '../core/errors.ts';
import { selectCandidates } from './select.ts';
import type { CandidateInput, CaseValues } from './types.ts';

/** A candidate whose i-th case has the i-th value of each metric (error rows: `null` in `quality`). */
function cand(
  targetId: string,
  quality: readonly (number | null)[],
  o: {
    metric?: string;
    cost?: number | ((i: number) => number) | null;
    latency?: number;
    prefix?: string;
  } = {},
): CandidateInput {
  const metric = o.metric ?? 'contains';
  const cases: CaseValues[] = quality.map((q, i) => {
    const values: Record<string, number> = {};
    const error = q === null;
    if (!error) {
      values[metric] = q;
      if (o.cost !== null) values.cost_usd = typeof o.cost === 'function' ? o.cost(i) : (o.cost ?? 0.0001);
      values.latency_ms = (o.latency ?? 100) + i;
    }
    return { caseId: `${o.prefix ?? 'c'}${String(i + 1).padStart(3, '0')}`, repeat: 0, error, values };
  });
  return { targetId, modelId: `model.${targetId}`, cases };
}

const ones = (n: number, zeros: number) => [...Array(n - zeros).fill(1), ...Array(zeros).fill(0)];

describe('selectCandidates: absolute bar on the CI lower bound', () => {
  // micro: cheapest, highest mean (5/6 = 0.833) but 6 cases; lite: 0.8 over 100 cases; pro: 0.95, dearest.
  const input = {
    candidates: [
      cand('pro', ones(100, 5), { cost: 0.001, latency: 300 }),
      cand('micro', ones(6, 1), { cost: 0.00005, latency: 40 }),
      cand('lite', ones(100, 20), { cost: 0.0002, latency: 100 }),
    ],
  };
  const res = selectCandidates(input, [{ metric: 'contains', min: 0.7 }]);
  const by = (id: string) => res.overall.candidates.find((c) => c.targetId === id)!;

  it('ranks by cost per 1,000 cases (mean cost_usd × 1000)', () => {
    expect(res.overall.candidates.map((c) => [c.rank, c.targetId])).toEqual([
      [1, 'micro'],
      [2, 'lite'],
      [3, 'pro'],
    ]);
    expect(by('micro').costPer1k).toBeCloseTo(0.05, 12);
    expect(by('lite').costPer1k).toBeCloseTo(0.2, 12);
    expect(by('pro').costPer1k).toBeCloseTo(1, 12);
    // latency 40..45 → p50 = 42.5; p99 = 44.95 (type 7: 40 + 5 × 0.99)
    expect(by('micro').latencyP50).toBeCloseTo(42.5, 12);
    expect(by('micro').latencyP99).toBeCloseTo(44.95, 12);
  });

  it('the cheapest has the higher mean but its lower bound misses the bar → the next cheapest that clears', () => {
    const micro = by('micro');
    expect(micro.metrics.contains?.mean).toBeCloseTo(5 / 6, 12);
    expect(by('lite').metrics.contains?.mean).toBeCloseTo(0.8, 12);
    // 6 values with one 0: a resample has ≥ 3 zeros with P ≈ 6.2 %, ≥ 4 with P ≈ 0.9 % → 2.5 % quantile = 0.5
    expect(micro.metrics.contains?.low).toBeCloseTo(0.5, 12);
    expect(micro.rules[0]).toMatchObject({ pass: false, passOnMean: true, n: 6 });
    expect(micro).toMatchObject({ clears: false, clearsOnMean: true });
    expect(micro.flags).toContain('passes on the mean but not with confidence');
    // lite: 0.8 ± 1.96 × √(0.16 / 100) ≈ [0.72, 0.88]
    const lite = by('lite').rules[0]!;
    expect(lite.low).toBeGreaterThan(0.7);
    expect(lite.low).toBeLessThan(0.745);
    expect(lite.pass).toBe(true);
    expect(res.overall.recommended).toBe('lite');
    expect(res.overall.recommendedCostPer1k).toBeCloseTo(0.2, 12);
    expect(res.overall.reason).toContain('cheaper micro passes on the mean only');
  });

  it('is seeded: the same seed gives the same intervals', () => {
    const again = selectCandidates(input, [{ metric: 'contains', min: 0.7 }], { seed: 1 });
    expect(again).toEqual(res);
    expect(res).toMatchObject({ seed: 1, resamples: 2000, level: 0.95 });
  });
});

describe('selectCandidates: non-inferiority to a reference candidate', () => {
  const n = 50;
  const ref = Array.from({ length: n }, (_, i) => 0.5 + (i % 10) * 0.04); // 0.5 … 0.86
  const input = {
    candidates: [
      cand('strong', ref, { metric: 'f1', cost: 0.001 }),
      cand(
        'close',
        ref.map((v) => v - 0.02),
        { metric: 'f1', cost: 0.0003 },
      ),
      cand(
        'worse',
        ref.map((v) => v - 0.1),
        { metric: 'f1', cost: 0.0001 },
      ),
      // diffs +0.2 / −0.26 alternating: mean −0.03 (> −0.05) but SE ≈ 0.033 → lower bound ≈ −0.094
      cand(
        'noisy',
        ref.map((v, i) => v + (i % 2 === 0 ? 0.2 : -0.26)),
        { metric: 'f1', cost: 0.0002 },
      ),
    ],
  };
  const res = selectCandidates(input, [
    { metric: 'f1', nonInferiority: { reference: 'strong', margin: 0.05 } },
  ]);
  const rule = (id: string) => res.overall.candidates.find((c) => c.targetId === id)!.rules[0]!;

  it('judges the paired CI of candidate − reference against −margin', () => {
    expect(rule('close')).toMatchObject({ kind: 'nonInferiority', n: 50, pass: true, passOnMean: true });
    expect(rule('close').mean).toBeCloseTo(-0.02, 12);
    expect(rule('close').low).toBeCloseTo(-0.02, 12); // constant difference: a zero-width interval
    expect(rule('worse')).toMatchObject({ pass: false, passOnMean: false });
    expect(rule('worse').mean).toBeCloseTo(-0.1, 12);
    expect(rule('noisy').mean).toBeCloseTo(-0.03, 12);
    expect(rule('noisy').low).toBeLessThan(-0.07);
    expect(rule('noisy')).toMatchObject({ pass: false, passOnMean: true });
    expect(rule('strong')).toMatchObject({ pass: true, message: 'f1: the reference' });
  });

  it('recommends the cheapest non-inferior candidate', () => {
    expect(res.overall.candidates.map((c) => c.targetId)).toEqual(['worse', 'noisy', 'close', 'strong']);
    expect(res.overall.recommended).toBe('close');
    expect(res.overall.reason).toContain('cheaper noisy passes on the mean only');
  });

  it('a reference naming the written target of one expanded candidate resolves to it', () => {
    const expanded = {
      candidates: input.candidates.map((c) =>
        c.targetId === 'strong'
          ? { ...c, targetId: 'strong@1.1.0', sweepOf: 'strong', params: { prompt: '1.1.0' } }
          : c,
      ),
    };
    const r = selectCandidates(expanded, [
      { metric: 'f1', nonInferiority: { reference: 'strong', margin: 0.05 } },
    ]);
    expect(r.bar[0]?.nonInferiority?.reference).toBe('strong@1.1.0');
    expect(r.overall.recommended).toBe('close');
    expect(r.overall.candidates.find((c) => c.targetId === 'strong@1.1.0')?.params).toEqual({
      prompt: '1.1.0',
    });
  });
});

describe('selectCandidates: tiers', () => {
  // cases c001–c040 are "simple", c041–c080 "hard"; cheap answers every simple case and no hard one
  const cheap = cand('cheap', [...Array(40).fill(1), ...Array(40).fill(0)], {
    cost: (i) => (i < 40 ? 0.0001 : 0.0003),
  });
  const strong = cand('strong', Array(80).fill(1), { cost: 0.002 });
  const tiers = Object.fromEntries(
    Array.from({ length: 80 }, (_, i) => [`c${String(i + 1).padStart(3, '0')}`, i < 40 ? 'simple' : 'hard']),
  );
  const res = selectCandidates({ candidates: [strong, cheap], tiers }, [{ metric: 'contains', min: 0.8 }]);

  it('per-tier choice differs from the overall one', () => {
    expect(res.overall).toMatchObject({ scope: 'overall', cases: 80, recommended: 'strong' });
    expect(res.tiers.map((t) => [t.scope, t.cases, t.recommended])).toEqual([
      ['hard', 40, 'strong'],
      ['simple', 40, 'cheap'],
    ]);
    const simple = res.tiers[1]!.candidates[0]!;
    expect(simple.targetId).toBe('cheap');
    expect(simple.costPer1k).toBeCloseTo(0.1, 12); // the tier's own calls
    expect(simple.metrics.contains).toMatchObject({ mean: 1, low: 1, high: 1, n: 40 });
    expect(res.overall.candidates.find((c) => c.targetId === 'cheap')?.costPer1k).toBeCloseTo(0.2, 12);
    expect(res.tiers[0]!.reason).toContain('$2/1k cases');
  });
});

describe('selectCandidates: cost, errors and no recommendation', () => {
  it('unknown cost ranks last and is flagged; it is recommended only when nothing priced clears', () => {
    const res = selectCandidates(
      {
        candidates: [
          cand('unpriced', ones(40, 0), { cost: null, latency: 10 }),
          cand('priced', ones(40, 20), { cost: 0.01 }),
        ],
      },
      [{ metric: 'contains', min: 0.9 }],
    );
    const [first, last] = res.overall.candidates;
    expect(first?.targetId).toBe('priced');
    expect(last).toMatchObject({ targetId: 'unpriced', costPer1k: null, costN: 0, flags: ['unknown cost'] });
    expect(res.overall.recommended).toBe('unpriced');
    expect(res.overall.recommendedCostPer1k).toBeNull();
    expect(res.overall.reason).toContain('unknown cost');
  });

  it('equal cost: the lower p50 latency ranks first', () => {
    const res = selectCandidates(
      {
        candidates: [cand('slow', ones(20, 0), { latency: 500 }), cand('fast', ones(20, 0), { latency: 50 })],
      },
      [{ metric: 'contains', min: 0.5 }],
    );
    expect(res.overall.candidates.map((c) => c.targetId)).toEqual(['fast', 'slow']);
    expect(res.overall.recommended).toBe('fast');
  });

  it('a failed call scores 0 for quality, is left out of latency and cost, and counts in error_rate', () => {
    // 8 answered (all 1) + 2 errors → contains mean 0.8, error_rate 0.2, cost over the 8 answered calls
    const c = cand('flaky', [1, 1, 1, 1, null, 1, 1, 1, 1, null], { cost: 0.0005, latency: 100 });
    const res = selectCandidates({ candidates: [c] }, [
      { metric: 'contains', min: 0 },
      { metric: 'error_rate', max: 0.5 },
      { metric: 'latency_ms', max: 1000 },
    ]);
    const r = res.overall.candidates[0]!;
    expect(r).toMatchObject({ calls: 10, errors: 2, costN: 8 });
    expect(r.costPer1k).toBeCloseTo(0.5, 12);
    expect(r.metrics.contains).toMatchObject({ mean: 0.8, n: 10 });
    expect(r.metrics.error_rate).toMatchObject({ mean: 0.2, n: 10 });
    // latency values 100,101,102,103,105,106,107,108 (rows 5 and 10 failed): mean 104, p50 104
    expect(r.metrics.latency_ms).toMatchObject({ mean: 104, n: 8 });
    expect(r.latencyP50).toBeCloseTo(104, 12);
    expect(r.rules.map((x) => x.pass)).toEqual([true, true, true]);
  });

  it('a max rule is judged on the upper bound', () => {
    const lat = cand('x', ones(30, 0), { latency: 100 }); // latency 100..129, mean 114.5
    const res = selectCandidates({ candidates: [lat] }, [{ metric: 'latency_ms', max: 117 }]);
    const rule = res.overall.candidates[0]!.rules[0]!;
    expect(rule.mean).toBeCloseTo(114.5, 12);
    // SD = √((30² − 1) / 12) ≈ 8.66, SE ≈ 1.58 → upper bound ≈ 114.5 + 1.96 × 1.58 ≈ 117.6 > 117
    expect(rule.high).toBeGreaterThan(117);
    expect(rule.high).toBeLessThan(118.5);
    expect(rule).toMatchObject({ passOnMean: true, pass: false });
  });

  it('no candidate clears: recommended null with why', () => {
    const res = selectCandidates(
      { candidates: [cand('a', ones(50, 25), { cost: 0.0001 }), cand('b', ones(50, 10), { cost: 0.001 })] },
      [{ metric: 'contains', min: 0.95 }],
    );
    expect(res.overall.recommended).toBeNull();
    expect(res.overall.recommendedCostPer1k).toBeNull();
    expect(res.overall.reason).toMatch(/^no candidate clears the bar: a: contains mean 0\.5 \[/);
    expect(res.overall.reason).toContain('b: contains mean 0.8 [');
    expect(res.overall.candidates.every((c) => !c.clears && !c.clearsOnMean)).toBe(true);
  });

  it('all pass on the mean only: the why says "with confidence"', () => {
    const res = selectCandidates({ candidates: [cand('a', ones(5, 1))] }, [
      { metric: 'contains', min: 0.75 },
    ]);
    expect(res.overall.recommended).toBeNull();
    expect(res.overall.reason).toMatch(
      /^no candidate clears the bar with confidence \(a passes on the mean only\)/,
    );
  });

  it('unknown metrics and references are USAGE errors naming the source', () => {
    const input = { candidates: [cand('a', ones(5, 0))] };
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as EvalgateError;
      }
      throw new Error('expected a throw');
    };
    const m = err(() => selectCandidates(input, [{ metric: 'containz', min: 1 }], { barSource: '--bar' }));
    expect(m).toBeInstanceOf(EvalgateError);
    expect(m.code).toBe('USAGE');
    expect(m.message).toBe(
      '--bar: select bar: no candidate has metric "containz" (metrics: contains, cost_usd, latency_ms, error_rate)',
    );
    const r = err(() =>
      selectCandidates(input, [{ metric: 'contains', nonInferiority: { reference: 'zz', margin: 0.1 } }]),
    );
    expect(r.message).toBe('select bar: reference "zz" is not a candidate (candidates: a)');
  });
});
