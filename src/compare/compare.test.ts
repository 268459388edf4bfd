import { describe, expect, it } from 'vitest';
import type { StoredScore } from '../store/types.ts';
import { compareRunRows, type RunRows, resolveTargets } from './compare.ts';
import { formatComparison } from './format.ts';
import { lowerIsBetter } from './metric.ts';

const score = (
  runId: string,
  caseId: string,
  metric: string,
  value: number,
  pass: boolean | null,
  targetId = 't',
  repeat = 0,
): StoredScore => ({ runId, caseId, targetId, repeat, metric, value, pass, reason: null });

/** exact (pass/fail) and latency_ms for each case: [caseId, repeat, exact, latency]. */
function run(runId: string, rows: [string, number, number, number][], targetId = 't'): RunRows {
  return {
    runId,
    targetIds: [targetId],
    results: rows.map(([caseId, repeat]) => ({ caseId, targetId, repeat })),
    scores: rows.flatMap(([c, r, exact, lat]) => [
      score(runId, c, 'exact', exact, exact === 1, targetId, r),
      score(runId, c, 'latency_ms', lat, null, targetId, r),
    ]),
  };
}

// Paired: c1, c1#1, c2, c3, c4. Baseline only: c5. Candidate only: c6, c7.
const base = run('A', [
  ['c1', 0, 1, 100],
  ['c1', 1, 1, 100],
  ['c2', 0, 1, 200],
  ['c3', 0, 0, 300],
  ['c4', 0, 0, 400],
  ['c5', 0, 1, 500],
]);
const cand = run('B', [
  ['c1', 0, 1, 150],
  ['c1', 1, 0, 100],
  ['c2', 0, 1, 100],
  ['c3', 0, 1, 300],
  ['c4', 0, 1, 500],
  ['c6', 0, 1, 10],
  ['c7', 0, 0, 10],
]);

describe('compareRunRows', () => {
  const cmp = compareRunRows(base, cand, { seed: 5, resamples: 200 });
  const [t] = cmp.targets;

  it('pairs by (case, repeat) and counts and names the unpaired cases on each side', () => {
    expect(cmp).toMatchObject({
      baselineRunId: 'A',
      candidateRunId: 'B',
      seed: 5,
      resamples: 200,
      level: 0.95,
    });
    expect(t).toMatchObject({
      baselineTarget: 't',
      candidateTarget: 't',
      paired: 5,
      baselineOnly: { count: 1, names: ['c5'] },
      candidateOnly: { count: 2, names: ['c6', 'c7'] },
    });
    expect(t!.metrics.map((m) => m.metric)).toEqual(['exact', 'latency_ms']);
  });

  it('a pass/fail metric: paired means, difference, McNemar and pass→fail / fail→pass lists', () => {
    const exact = t!.metrics[0]!;
    // baseline over the 5 pairs: 1, 1, 1, 0, 0 → 0.6; candidate: 1, 0, 1, 1, 1 → 0.8; diff +0.2
    expect(exact.n).toBe(5);
    expect(exact.baselineMean).toBeCloseTo(0.6, 12);
    expect(exact.candidateMean).toBeCloseTo(0.8, 12);
    expect(exact.diff.mean).toBeCloseTo(0.2, 12);
    expect(exact.diff.low).toBeLessThanOrEqual(0.2);
    expect(exact.diff.high).toBeGreaterThanOrEqual(0.2);
    // b = 1 (c1#1 pass→fail), c = 2 (c3, c4 fail→pass): exact p = 2·P(X ≤ 1 | n = 3) = 1
    expect(exact.mcnemar).toEqual({ b: 1, c: 2, p: 1, method: 'exact' });
    expect(exact.regressed.map((c) => [c.caseId, c.repeat])).toEqual([['c1', 1]]);
    expect(exact.improved.map((c) => c.caseId)).toEqual(['c3', 'c4']);
    expect(exact.regressed[0]).toMatchObject({ baseline: 1, candidate: 0, delta: -1, baselinePass: true });
  });

  it('a metric without pass/fail where lower is better: a rise regresses, biggest change first', () => {
    const lat = t!.metrics[1]!;
    expect(lat.lowerIsBetter).toBe(true);
    expect(lat.mcnemar).toBeNull();
    // baseline 100, 100, 200, 300, 400 → 220; candidate 150, 100, 100, 300, 500 → 230
    expect(lat.baselineMean).toBe(220);
    expect(lat.candidateMean).toBe(230);
    expect(lat.diff.mean).toBe(10);
    expect(lat.regressed.map((c) => [c.caseId, c.delta])).toEqual([
      ['c4', 100],
      ['c1', 50],
    ]);
    expect(lat.improved.map((c) => [c.caseId, c.delta])).toEqual([['c2', -100]]);
  });

  it('is reproducible for a seed and names at most nameLimit unpaired cases', () => {
    expect(compareRunRows(base, cand, { seed: 5, resamples: 200 })).toEqual(cmp);
    const few = compareRunRows(base, cand, { nameLimit: 1 }).targets[0]!;
    expect(few.candidateOnly).toEqual({ count: 2, names: ['c6'] });
  });

  it('prints both means, the difference and its interval in the table', () => {
    const text = formatComparison(cmp);
    expect(text).toContain(
      'Target t: 5 paired cases; unpaired: baseline only 1 (c5), candidate only 2 (c6, c7)',
    );
    const lo = exact(cmp).diff.low;
    expect(text).toMatch(
      new RegExp(
        `exact\\s+5\\s+0\\.6\\s+0\\.8\\s+\\+0\\.2\\s+\\[${lo < 0 ? '-' : '\\+?'}[\\d.]+, \\+[\\d.]+\\]\\s+1/2\\s+1\\s+1\\s+2`,
      ),
    );
    expect(text).toMatch(/latency_ms ↓\s+5\s+220\s+230\s+\+10\s/);
    expect(text).toContain('exact regressed: c1#1');
    expect(text).toContain('exact improved:  c3, c4');
  });
});

const exact = (cmp: ReturnType<typeof compareRunRows>) => cmp.targets[0]!.metrics[0]!;

describe('resolveTargets', () => {
  const a: RunRows = { runId: 'A', targetIds: ['x', 'y'], results: [], scores: [] };
  const b: RunRows = { runId: 'B', targetIds: ['y', 'z'], results: [], scores: [] };

  it('defaults to the targets both runs have; --target, or one target per side', () => {
    expect(resolveTargets(a, b)).toEqual([{ baseline: 'y', candidate: 'y' }]);
    expect(resolveTargets(a, b, { target: 'y' })).toEqual([{ baseline: 'y', candidate: 'y' }]);
    expect(resolveTargets(a, b, { baselineTarget: 'x', candidateTarget: 'z' })).toEqual([
      { baseline: 'x', candidate: 'z' },
    ]);
  });

  it('names the run that lacks a target, and runs with no common target', () => {
    expect(() => resolveTargets(a, b, { target: 'x' })).toThrow(
      'candidate run B has no target "x" (it has: y, z)',
    );
    expect(() => resolveTargets(a, { ...b, targetIds: ['z'] })).toThrow(/share no target id/);
  });

  it('compares two targets of one run', () => {
    const two: RunRows = {
      runId: 'R',
      targetIds: ['x', 'y'],
      results: [],
      scores: [score('R', 'c1', 'exact', 0, false, 'x'), score('R', 'c1', 'exact', 1, true, 'y')],
    };
    const t = compareRunRows(two, two, {
      targets: resolveTargets(two, two, { baselineTarget: 'x', candidateTarget: 'y' }),
    }).targets[0]!;
    expect(t.paired).toBe(1);
    expect(t.metrics[0]).toMatchObject({
      baselineMean: 0,
      candidateMean: 1,
      n: 1,
      mcnemar: { b: 0, c: 1, p: 1 },
    });
  });
});

describe('lowerIsBetter', () => {
  it('latency, tokens, cost and errors are lower-is-better; quality scores are not', () => {
    for (const m of ['latency_ms', 'ttft_ms', 'input_tokens', 'cost_usd', 'error_rate'])
      expect(lowerIsBetter(m)).toBe(true);
    for (const m of ['exact', 'contains', 'faithfulness', 'ndcg@5', 'context_recall'])
      expect(lowerIsBetter(m)).toBe(false);
  });
});
