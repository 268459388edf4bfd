import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import type { StoredCaseResult, StoredScore } from '../store/types.ts';
import { routingSection } from './routing.ts';
import { DEFAULT_TEMPLATES_DIR } from './templates.ts';

const config = {
  targets: [
    { id: 'strong', api: 'converse' },
    {
      id: 'routed',
      api: 'router',
      router: {
        tiers: { simple: { model: 'm-small' }, complex: { model: 'm-big' } },
        default: 'complex',
        baseline: 'strong',
      },
    },
  ],
};

// 4 cases: labels simple, simple, complex, complex; routed simple, complex, complex, simple → 2 of 4 right
const labels = ['simple', 'simple', 'complex', 'complex'];
const routes = ['simple', 'complex', 'complex', 'simple'];

const row = (targetId: string, i: number, raw: unknown): StoredCaseResult => ({
  runId: 'r',
  caseId: `c${i}`,
  targetId,
  repeat: 0,
  modelId: null,
  status: 'ok',
  outputText: 'x',
  request: null,
  vars: { tier: labels[i] },
  expected: null,
  errorClass: null,
  errorMessage: null,
  attempts: 1,
  latencyMs: 100 * (i + 1),
  ttftMs: null,
  inputTokens: null,
  outputTokens: null,
  stopReason: null,
  raw,
  retrieved: null,
  citations: null,
  guardrail: null,
  startedAt: new Date(0),
});

const full = labels.flatMap((_, i) => [
  row('routed', i, { route: { tier: routes[i], model: 'm', by: 'rule', rule: 0 } }),
  row('strong', i, {}),
]);
// the report's fast read leaves raw out
const lean = full.map((r) => ({ ...r, raw: null }));
const score = (targetId: string, i: number, metric: string, value: number): StoredScore => ({
  runId: 'r',
  caseId: `c${i}`,
  targetId,
  repeat: 0,
  metric,
  value,
  pass: null,
  reason: null,
});
// cost: routed $0.001 on simple routes, $0.004 on complex; strong $0.004 → per 1,000: $2.50 vs $4.00, saved 37.5 %
const scores = labels.flatMap((_, i) => [
  score('routed', i, 'cost_usd', routes[i] === 'simple' ? 0.001 : 0.004),
  score('strong', i, 'cost_usd', 0.004),
  score('routed', i, 'contains', 1),
  score('strong', i, 'contains', 1),
]);

describe('report routing section', () => {
  it('re-reads the rows with their raw payload when the fast read left it out, and formats every figure', async () => {
    let reads = 0;
    const source = {
      listResults: async () => {
        reads++;
        return full;
      },
    };
    const section = await routingSection(source, { runId: 'r', config }, lean, scores);
    expect(reads).toBe(1);
    const [r] = section?.routers ?? [];
    expect(r).toMatchObject({
      targetId: 'routed',
      baseline: 'strong',
      rows: '4',
      accuracy: '50.0%',
      correct: '2',
      labelled: '4',
      equalQuality: true,
      cost: { routed: '$2.5', baseline: '$4', saved: '$1.5', savedShare: '37.5%', pairs: '4' },
      latency: { routedP50: '250 ms', baselineP50: '250 ms' },
    });
    expect(r?.confusion).toEqual({
      tiers: ['simple', 'complex'],
      rows: [
        {
          label: 'simple',
          cells: [
            { n: '1', hit: true },
            { n: '1', hit: false },
          ],
        },
        {
          label: 'complex',
          cells: [
            { n: '1', hit: false },
            { n: '1', hit: true },
          ],
        },
      ],
    });
    // rows that carry raw are used as they are
    await routingSection(source, { runId: 'r', config }, full, scores);
    expect(reads).toBe(1);
  });

  it('is null (and reads nothing) for a run without a router target', async () => {
    const source = { listResults: async () => expect.unreachable() as never };
    expect(await routingSection(source, { runId: 'r', config: { targets: [] } }, lean, scores)).toBeNull();
  });

  it('renders through reports/partials/routing.hbs: the saving and the confusion table', async () => {
    const hb = Handlebars.create();
    const partial = await readFile(join(DEFAULT_TEMPLATES_DIR, 'partials/routing.hbs'), 'utf8');
    const routing = await routingSection(
      { listResults: async () => full },
      { runId: 'r', config },
      lean,
      scores,
    );
    const html = hb.compile(partial, { strict: false })({ routing });
    expect(html).toContain('saved <strong>$1.5</strong> (37.5%) at equal quality');
    expect(html).toContain('<table class="routing-confusion" data-target="routed">');
    expect(html).toContain('<tr><th>simple</th><td class="num hit">1</td><td class="num miss">1</td></tr>');
  });
});
