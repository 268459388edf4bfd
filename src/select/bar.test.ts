import { describe, expect, it } from 'vitest';
import type { StoredCaseResult, StoredScore } from '../store/types.ts';
import { parseBarExpr, repeatedFlag, resolveBar } from './bar.ts';
import { toSelectInput } from './read-run.ts';

const msg = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('--bar expressions', () => {
  it('parses >= as min and <= as max, comma lists included', () => {
    expect(parseBarExpr('contains>=0.8')).toEqual([{ metric: 'contains', min: 0.8 }]);
    expect(parseBarExpr(' contains >= 0.8 , latency_ms<=900,error_rate<=1e-2')).toEqual([
      { metric: 'contains', min: 0.8 },
      { metric: 'latency_ms', max: 900 },
      { metric: 'error_rate', max: 0.01 },
    ]);
  });

  it('rejects anything else with one line naming the part', () => {
    expect(msg(() => parseBarExpr('contains>0.8'))).toBe(
      '--bar "contains>0.8": expected METRIC>=NUMBER or METRIC<=NUMBER, e.g. contains>=0.8',
    );
  });

  it('collects every value of a repeated flag (citty keeps only the last)', () => {
    expect(
      repeatedFlag(['select', '--bar', 'a>=1', '--json', '--bar=b<=2', '--', '--bar', 'x'], 'bar'),
    ).toEqual(['a>=1', 'b<=2']);
  });
});

describe('resolveBar', () => {
  const config = {
    select: { bar: [{ metric: 'f1', nonInferiority: { reference: 'pro', margin: 0.05 } }], tiers: 'tier' },
  };

  it('takes the suite block when no bar flag is given', () => {
    expect(resolveBar(config, 'suites/s.yaml', {})).toEqual({
      bar: [{ metric: 'f1', nonInferiority: { reference: 'pro', margin: 0.05 } }],
      tiers: 'tier',
      source: 'suites/s.yaml select:',
    });
  });

  it('flags replace the suite bar; --tiers overrides the column', () => {
    const r = resolveBar(config, 's.yaml', {
      bar: ['contains>=0.8'],
      reference: 'lite',
      margin: '0.1',
      metric: 'f1,exact',
      tiers: 'level',
    });
    expect(r).toEqual({
      bar: [
        { metric: 'contains', min: 0.8 },
        { metric: 'f1', nonInferiority: { reference: 'lite', margin: 0.1 } },
        { metric: 'exact', nonInferiority: { reference: 'lite', margin: 0.1 } },
      ],
      tiers: 'level',
      source: 'command line',
    });
  });

  it('usage errors: no bar anywhere, half a non-inferiority rule, a bad suite block', () => {
    expect(msg(() => resolveBar({}, 's.yaml', {}))).toContain('select needs a bar');
    expect(msg(() => resolveBar({}, 's.yaml', { reference: 'pro', metric: 'f1' }))).toBe(
      'a non-inferiority bar needs all of --reference T, --margin M and --metric X',
    );
    expect(msg(() => resolveBar({}, 's.yaml', { reference: 'pro', metric: 'f1', margin: '-1' }))).toBe(
      '--margin expects a number >= 0, got "-1"',
    );
    expect(msg(() => resolveBar({ select: { bar: [{ metric: 'f1' }] } }, 's.yaml', {}))).toBe(
      's.yaml: select.bar.0: expected min and/or max, or nonInferiority',
    );
  });
});

describe('toSelectInput', () => {
  const result = (
    targetId: string,
    caseId: string,
    status: 'ok' | 'error',
    latencyMs: number | null,
    tier?: string,
  ) =>
    ({
      runId: 'r',
      caseId,
      targetId,
      repeat: 0,
      modelId: `m.${targetId}`,
      status,
      latencyMs,
      vars: tier === undefined ? {} : { tier },
    }) as unknown as StoredCaseResult;
  const score = (targetId: string, caseId: string, metric: string, value: number): StoredScore => ({
    runId: 'r',
    caseId,
    targetId,
    repeat: 0,
    metric,
    value,
    pass: null,
    reason: null,
  });
  const run = {
    runId: 'r',
    targets: [
      { id: 'lite@1.1.0', modelId: 'm.lite' },
      { id: 'idle', modelId: 'm.idle' },
    ],
    config: {
      targets: [{ id: 'lite@1.1.0', sweepOf: 'lite', params: { prompt: '1.1.0' }, promptVersion: '1.1.0' }],
    },
  };
  const results = [
    result('lite@1.1.0', 'a', 'ok', 120, 'easy'),
    result('lite@1.1.0', 'b', 'error', 5000, 'hard'),
    result('other', 'a', 'ok', 80, 'easy'),
  ];
  const scores = [
    score('lite@1.1.0', 'a', 'contains', 1),
    score('lite@1.1.0', 'a', 'latency_ms', 999),
    score('lite@1.1.0', 'a', 'cost_usd', 0.002),
    score('other', 'a', 'contains', 0),
  ];

  it('one candidate per target with results (suite order first), the matrix facts, latency from the result', () => {
    const input = toSelectInput(run, results, scores, { tierColumn: 'tier' });
    expect(input.tiers).toEqual({ a: 'easy', b: 'hard' });
    expect(input.candidates).toEqual([
      {
        targetId: 'lite@1.1.0',
        modelId: 'm.lite',
        sweepOf: 'lite',
        params: { prompt: '1.1.0' },
        promptVersion: '1.1.0',
        cases: [
          { caseId: 'a', repeat: 0, error: false, values: { contains: 1, latency_ms: 120, cost_usd: 0.002 } },
          { caseId: 'b', repeat: 0, error: true, values: {} },
        ],
      },
      {
        targetId: 'other',
        modelId: 'm.other',
        cases: [{ caseId: 'a', repeat: 0, error: false, values: { contains: 0, latency_ms: 80 } }],
      },
    ]);
  });

  it('a tier column no case has is a usage error', () => {
    expect(msg(() => toSelectInput(run, results, scores, { tierColumn: 'level' }))).toBe(
      'run r: no case has a "level" value (the tier column of the dataset)',
    );
  });
});
