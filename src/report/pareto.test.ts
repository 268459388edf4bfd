import { describe, expect, it } from 'vitest';
import type { StoredCaseResult, StoredScore } from '../store/types.ts';
import { paretoFrontier, paretoMetric, paretoSection, paretoSvg } from './pareto.ts';

describe('paretoFrontier (minimise x, maximise y)', () => {
  it('keeps exactly the points no other beats on both axes', () => {
    const pts = [
      { id: 'G', x: 0.5, y: 0.3 }, // cheapest: on the frontier however poor
      { id: 'A', x: 1, y: 0.6 },
      { id: 'F', x: 1, y: 0.5 }, // same cost as A, worse → dominated
      { id: 'B', x: 2, y: 0.8 },
      { id: 'E', x: 2, y: 0.8 }, // identical to B: neither is strictly better → both stay
      { id: 'C', x: 3, y: 0.7 }, // dearer and worse than B → dominated
      { id: 'D', x: 4, y: 0.9 }, // best quality: on the frontier however dear
      { id: 'H', x: 5, y: 0.9 }, // as good as D, dearer → dominated
    ];
    expect([...paretoFrontier(pts)].sort()).toEqual(['A', 'B', 'D', 'E', 'G']);
  });

  it('one point is its own frontier; an empty set has none', () => {
    expect([...paretoFrontier([{ id: 'x', x: 1, y: 1 }])]).toEqual(['x']);
    expect(paretoFrontier([]).size).toBe(0);
  });
});

describe('paretoSvg', () => {
  const svg = paretoSvg(
    'Q <vs> cost',
    [
      { id: 'cheap<b>', x: 1, y: 0.5 },
      { id: 'mid', x: 2, y: 0.4 },
      { id: 'dear', x: 4, y: 0.9 },
    ],
    { xLabel: 'cost', yLabel: 'quality', formatX: (x) => `$${x}`, formatY: (y) => String(y) },
  );

  it('draws frontier points coloured and labelled, dominated ones grey, the frontier joined in cost order', () => {
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg.match(/data-frontier="true"/g)).toHaveLength(2);
    expect(svg.match(/fill="#9ca3af"/g)).toHaveLength(1);
    // x axis 0..4 over 640 − 70 − 40 = 530 px; y axis 0..1 over 300 − 16 − 44 = 240 px
    // cheap: (70 + 132.5, 16 + 240 − 120) = (202.5, 136); dear: (600, 16 + 24) = (600, 40)
    expect(svg).toContain('<polyline class="frontier" points="202.5,136 600,40"');
    expect(svg).toContain('>cheap&#60;b&#62;</text>');
    expect(svg).toContain('>dear</text>');
    expect(svg).not.toContain('>mid</text>');
    expect(svg).toContain('<title>mid: quality 0.4, cost $2 (dominated)</title>');
    expect(svg).toContain('aria-label="Q &#60;vs&#62; cost"');
    expect(svg).not.toMatch(/<script|href=/);
  });
});

function rows(targets: Record<string, { contains: number[]; cost?: number; latency: number }>) {
  const results: StoredCaseResult[] = [];
  const scores: StoredScore[] = [];
  for (const [targetId, t] of Object.entries(targets)) {
    t.contains.forEach((v, i) => {
      const caseId = `c${i}`;
      results.push({
        runId: 'r',
        caseId,
        targetId,
        repeat: 0,
        modelId: `m.${targetId}`,
        status: 'ok',
        latencyMs: t.latency,
        vars: {},
      } as unknown as StoredCaseResult);
      const base = { runId: 'r', caseId, targetId, repeat: 0, pass: null, reason: null };
      scores.push({ ...base, metric: 'contains', value: v });
      if (t.cost !== undefined) scores.push({ ...base, metric: 'cost_usd', value: t.cost });
    });
  }
  return { results, scores };
}

describe('paretoSection', () => {
  const run = {
    runId: 'r',
    targets: [
      { id: 'micro', modelId: 'm.micro' },
      { id: 'lite', modelId: 'm.lite' },
      { id: 'pro', modelId: 'm.pro' },
      { id: 'free', modelId: 'm.free' },
    ],
    config: {
      select: {
        bar: [
          { metric: 'latency_ms', max: 900 },
          { metric: 'contains', min: 0.5 },
        ],
      },
    },
  };
  const { results, scores } = rows({
    micro: { contains: [1, 0, 0, 0], cost: 0.0001, latency: 50 }, // 0.25, $0.1/1k, 50 ms
    lite: { contains: [1, 1, 0, 0], cost: 0.00005, latency: 120 }, // 0.5, $0.05/1k: dominates micro on cost
    pro: { contains: [1, 1, 1, 0], cost: 0.001, latency: 400 }, // 0.75, $1/1k
    free: { contains: [1, 1, 1, 1], latency: 10 }, // no cost → left out
  });

  it('plots the first higher-is-better bar metric against cost and p50 latency', () => {
    const s = paretoSection(run, results, scores, 'exact');
    expect(s?.metric).toBe('contains');
    expect(s?.rows).toEqual([
      {
        id: 'micro',
        quality: '0.25',
        cost: '$0.1',
        p50: '50 ms',
        costFrontier: false,
        latencyFrontier: true,
      },
      { id: 'lite', quality: '0.5', cost: '$0.05', p50: '120 ms', costFrontier: true, latencyFrontier: true },
      { id: 'pro', quality: '0.75', cost: '$1', p50: '400 ms', costFrontier: true, latencyFrontier: true },
    ]);
    expect(String(s?.costSvg)).toContain('<svg');
    expect(String(s?.latencySvg)).toContain('p50 latency');
  });

  it('is absent with fewer than 2 priced candidates, or without a higher-is-better metric', () => {
    const one = rows({ a: { contains: [1], cost: 0.001, latency: 1 }, b: { contains: [1], latency: 1 } });
    expect(paretoSection({ ...run, config: {} }, one.results, one.scores, 'contains')).toBeNull();
    expect(paretoMetric({}, 'latency_ms')).toBeNull();
    expect(paretoMetric({}, 'error_rate')).toBeNull();
    expect(paretoMetric({ select: { bar: [{ metric: 'f1', min: 0.2 }] } }, 'contains')).toBe('f1');
  });
});
