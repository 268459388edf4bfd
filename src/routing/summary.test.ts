import { describe, expect, it } from 'vitest';
import { pairedBootstrapCi } from '../stats/paired.ts';
import type { StoredCaseResult, StoredScore } from '../store/types.ts';
import { routerTargets } from './config.ts';
import { formatRoutingSummary } from './format.ts';
import { routingSummaries } from './summary.ts';

const MICRO = 'amazon.nova-micro-v1:0';
const PRO = 'amazon.nova-pro-v1:0';

const config = {
  targets: [
    { id: 'micro', api: 'converse', model: MICRO },
    { id: 'strong', api: 'converse', model: PRO },
    {
      id: 'routed',
      api: 'router',
      model: 'router/routed',
      router: {
        tiers: { simple: { model: MICRO }, complex: { model: PRO } },
        default: 'complex',
        baseline: 'strong',
        tierLabel: 'tier',
        margin: 0.05,
      },
    },
  ],
};

// 10 planted cases: label, routed tier, how, contains of routed / of strong, routed latency.
// Right: c1 c2 c3 c5 (simple) and c6 c7 c9 (complex) = 7 of 10. Wrong: c4 simple→complex, c8 and c10 complex→simple.
const planted: [string, string, 'rule' | 'classifier' | 'default', number, number][] = [
  ['simple', 'simple', 'rule', 1, 1],
  ['simple', 'simple', 'rule', 1, 1],
  ['simple', 'simple', 'rule', 1, 1],
  ['simple', 'complex', 'classifier', 1, 1],
  ['simple', 'simple', 'classifier', 1, 1],
  ['complex', 'complex', 'classifier', 1, 1],
  ['complex', 'complex', 'classifier', 1, 1],
  ['complex', 'simple', 'classifier', 0, 1],
  ['complex', 'complex', 'classifier', 1, 1],
  ['complex', 'simple', 'default', 0, 0],
];

const row = (targetId: string, i: number, extra: Partial<StoredCaseResult>): StoredCaseResult => ({
  runId: 'r',
  caseId: `c${i + 1}`,
  targetId,
  repeat: 0,
  modelId: null,
  status: 'ok',
  outputText: 'x',
  request: {},
  vars: { tier: planted[i]?.[0] ?? '' },
  expected: null,
  errorClass: null,
  errorMessage: null,
  attempts: 1,
  latencyMs: null,
  ttftMs: null,
  inputTokens: null,
  outputTokens: null,
  stopReason: null,
  raw: null,
  retrieved: null,
  citations: null,
  guardrail: null,
  startedAt: new Date(0),
  ...extra,
});

const score = (targetId: string, i: number, metric: string, value: number): StoredScore => ({
  runId: 'r',
  caseId: `c${i + 1}`,
  targetId,
  repeat: 0,
  metric,
  value,
  pass: null,
  reason: null,
});

const results: StoredCaseResult[] = [];
const scores: StoredScore[] = [];
planted.forEach(([, tier, by, routedOk, strongOk], i) => {
  const classifier = by === 'default' ? { answer: "I don't know", parsed: false } : undefined;
  const route = { tier, model: tier === 'simple' ? MICRO : PRO, by, ...(classifier ? { classifier } : {}) };
  // routed latencies 10, 20 … 100 ms; strong 200, 400 … 2,000 ms
  results.push(row('routed', i, { raw: { route }, latencyMs: 10 * (i + 1) }));
  results.push(row('strong', i, { raw: {}, latencyMs: 200 * (i + 1) }));
  results.push(row('micro', i, { raw: {}, latencyMs: 1 }));
  // cost: $0.0001 per case answered by micro, $0.001 by pro
  scores.push(score('routed', i, 'cost_usd', tier === 'simple' ? 0.0001 : 0.001));
  scores.push(score('strong', i, 'cost_usd', 0.001));
  scores.push(score('routed', i, 'contains', routedOk), score('strong', i, 'contains', strongOk));
  scores.push(score('routed', i, 'grounded', 1), score('strong', i, 'grounded', 1));
  scores.push(score('routed', i, 'latency_ms', 1), score('strong', i, 'latency_ms', 1));
  scores.push(score('routed', i, 'routing_accuracy', planted[i]?.[0] === tier ? 1 : 0));
});
// an errored routed call (no route) and a baseline-only case: neither is paired nor counted
results.push(
  row('routed', 10, { status: 'error', errorClass: 'ThrottlingException', vars: { tier: 'simple' } }),
);
results.push(row('strong', 10, { raw: {}, latencyMs: 100_000 }));
scores.push(score('strong', 10, 'cost_usd', 5));

describe('routingSummary on a planted run (figures by hand)', () => {
  const [s] = routingSummaries(config, results, scores, { seed: 7 });

  it('routing accuracy 7/10, the confusion, tier shares and routing methods', () => {
    expect(s?.accuracy).toEqual({ correct: 7, labelled: 10, value: 0.7 });
    expect(s?.confusion).toEqual({
      labels: ['simple', 'complex'],
      tiers: ['simple', 'complex'],
      counts: [
        [4, 1], // labelled simple: 4 routed simple (c1 c2 c3 c5), 1 complex (c4)
        [2, 3], // labelled complex: 2 routed simple (c8 c10), 3 complex (c6 c7 c9)
      ],
    });
    expect(s?.tiers).toEqual([
      { tier: 'simple', model: MICRO, rows: 6, share: 0.6 },
      { tier: 'complex', model: PRO, rows: 4, share: 0.4 },
    ]);
    expect(s?.by).toEqual({ rule: 3, classifier: 6, default: 1 });
    expect(s?.unparsed).toBe(1);
    expect(s?.rows).toBe(10);
  });

  it('cost per 1,000 cases: routed 6 × $0.0001 + 4 × $0.001 = $0.0046 / 10 → $0.46; strong $1.00; saved $0.54 (54 %)', () => {
    expect(s?.cost?.pairs).toBe(10);
    expect(s?.cost?.routedPer1k).toBeCloseTo(0.46, 12);
    expect(s?.cost?.baselinePer1k).toBeCloseTo(1, 12);
    expect(s?.cost?.savedPer1k).toBeCloseTo(0.54, 12);
    expect(s?.cost?.savedShare).toBeCloseTo(0.54, 12);
  });

  it('quality: contains 0.8 vs 0.9 (diff −0.1, CI not within ±0.05); grounded equal; routing_accuracy and operational metrics left out', () => {
    expect(s?.quality.map((q) => q.metric)).toEqual(['contains', 'grounded']);
    const [contains, grounded] = s?.quality ?? [];
    expect(contains?.routed).toBeCloseTo(0.8, 12);
    expect(contains?.baseline).toBeCloseTo(0.9, 12);
    // the only discordant pair is c8 (0 vs 1): every resample's mean is in [−1, 0]
    expect(contains?.diff.mean).toBeCloseTo(-0.1, 12);
    expect(contains?.diff.high).toBe(0);
    expect(contains?.diff.low).toBeLessThanOrEqual(-0.1);
    expect(contains?.diff).toEqual(
      pairedBootstrapCi([1, 1, 1, 1, 1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 1, 1, 0, 1, 0], {
        seed: 7,
        resamples: 2000,
      }),
    );
    expect([contains?.equal, contains?.nonInferior]).toEqual([false, false]);
    expect(grounded).toMatchObject({ routed: 1, baseline: 1, diff: { mean: 0, low: 0, high: 0, n: 10 } });
    expect([grounded?.equal, grounded?.nonInferior]).toEqual([true, true]);
    expect(s?.equalQuality).toBe(false);
  });

  it('latency p50 / p99 of each side (type-7 quantiles of its ok rows)', () => {
    // routed 10…100: p50 at position 4.5 → 55; p99 at 8.91 → 90 + 0.91 × 10 = 99.1
    expect(s?.latency.routed.n).toBe(10);
    expect(s?.latency.routed.p50).toBeCloseTo(55, 9);
    expect(s?.latency.routed.p99).toBeCloseTo(99.1, 9);
    // strong 200…2,000 and the unpaired 100,000: p50 = 1,200; p99 at 9.9 → 2,000 + 0.9 × 98,000 = 90,200
    expect(s?.latency.baseline?.p50).toBeCloseTo(1200, 9);
    expect(s?.latency.baseline?.p99).toBeCloseTo(90_200, 9);
  });

  it('a margin override makes contains non-inferior only when the CI allows', () => {
    const [wide] = routingSummaries(config, results, scores, { seed: 7, margin: 1 });
    expect(wide?.quality.every((q) => q.equal)).toBe(true);
    expect(wide?.equalQuality).toBe(true);
  });

  it('formats as plain text with the figures above', () => {
    const text = formatRoutingSummary(s ?? ({} as never));
    expect(text.split('\n')).toEqual([
      'Routing: routed vs strong (tier label column "tier", 10 routed answers)',
      '  routing accuracy 70.0% (7 of 10 labelled); by rule 3, classifier 6, default 1 (1 classifier answers named no tier)',
      `  tiers: simple 6 (60.0%, ${MICRO}), complex 4 (40.0%, ${PRO})`,
      `  contains: 0.8 routed vs 0.9 baseline, diff -0.1 [${fmt(s?.quality[0]?.diff.low)}, 0] (n 10, margin ±0.05: worse or unclear)`,
      '  grounded: 1 routed vs 1 baseline, diff 0 [0, 0] (n 10, margin ±0.05: equal)',
      '  cost per 1,000 cases: $0.46 routed vs $1 baseline, saved $0.54 (54.0%); quality not shown equal (contains) (10 pairs)',
      '  latency: routed p50 55 ms, p99 99.1 ms; baseline p50 1,200 ms, p99 90,200 ms',
      '    label \\ routed  simple  complex',
      '    simple               4        1',
      '    complex              2        3',
    ]);
  });
});

const fmt = (x: number | undefined) => String(Number(x?.toPrecision(4)));

describe('routerTargets', () => {
  it('reads router targets with defaults; a baseline written as an expanded id resolves to the same prompt version', () => {
    const expanded = {
      targets: [
        { id: 'strong@1.0.0', sweepOf: 'strong', promptVersion: '1.0.0' },
        { id: 'strong@1.1.0', sweepOf: 'strong', promptVersion: '1.1.0' },
        {
          id: 'routed@1.1.0',
          api: 'router',
          promptVersion: '1.1.0',
          router: { tiers: { a: { model: 'm' } }, default: 'a', baseline: 'strong' },
        },
        { id: 'lost', api: 'router', router: { tiers: {}, default: 'a', baseline: 'nobody' } },
      ],
    };
    expect(routerTargets(expanded)).toEqual([
      {
        targetId: 'routed@1.1.0',
        baseline: 'strong@1.1.0',
        baselineWritten: 'strong',
        tierLabel: 'tier',
        margin: 0.05,
        tiers: [{ name: 'a', model: 'm' }],
      },
      {
        targetId: 'lost',
        baseline: null,
        baselineWritten: 'nobody',
        tierLabel: 'tier',
        margin: 0.05,
        tiers: [],
      },
    ]);
    expect(routerTargets({ targets: [{ id: 'x', api: 'converse' }] })).toEqual([]);
    expect(routerTargets(null)).toEqual([]);
  });

  it('without a baseline target the summary says so and still reports routing accuracy', () => {
    const lost = {
      targets: [{ ...config.targets[2], router: { ...config.targets[2]?.router, baseline: 'gone' } }],
    };
    const [s] = routingSummaries(lost, results, scores);
    expect(s?.note).toBe('baseline "gone" is not a target of this run');
    expect(s?.accuracy.value).toBe(0.7);
    expect([s?.cost, s?.quality, s?.latency.baseline]).toEqual([null, [], null]);
  });
});
