import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../gate/types.ts';
import type { RunRecord, StoredCaseResult, StoredScore, TargetMetricSummary } from '../store/types.ts';
import { barChartSvg, escapeXml } from './chart.ts';
import { fmtDuration, fmtInt, fmtMetric, fmtMs, fmtNum, fmtPct, fmtTime, fmtUsd } from './format.ts';
import { renderHtmlReport } from './html.ts';
import { TABLE_SCRIPT } from './table-script.ts';
import { buildReportModel, pickMainMetric, type ReportSource } from './view-model.ts';

const T0 = new Date('2025-03-01T10:00:00.000Z');

const run: RunRecord = {
  runId: 'r1',
  suiteName: 'support & <co>',
  suiteFile: 'suites/support.yaml',
  suiteHash: '0123456789abcdef0123',
  promptVersion: '1.2.0',
  backend: 'local',
  status: 'completed',
  startedAt: T0,
  finishedAt: new Date(T0.getTime() + 125_000),
  config: null,
  counts: {
    cases: 2,
    calls: 3,
    ok: 2,
    errors: 1,
    throttles: 1,
    badRows: 0,
    errorsByClass: { ThrottlingException: 1 },
  },
  targets: [{ id: 'lite', modelId: 'amazon.nova-lite-v1:0' }],
};

const metric = (name: string, mean: number, extra: Partial<TargetMetricSummary['metrics'][number]> = {}) => ({
  metric: name,
  n: 2,
  mean,
  passRate: null,
  passN: 0,
  p50: mean,
  p90: mean,
  p95: mean,
  p99: mean,
  min: mean,
  max: mean,
  sum: mean * 2,
  ...extra,
});

const summaries: TargetMetricSummary[] = [
  {
    targetId: 'lite',
    modelId: 'amazon.nova-lite-v1:0',
    cases: 2,
    calls: 3,
    ok: 2,
    errors: 1,
    errorRate: 1 / 3,
    errorsByClass: { ThrottlingException: 1 },
    inputTokens: 1234,
    outputTokens: 567,
    metrics: [
      metric('contains', 0.5, { passRate: 0.5, passN: 2 }),
      metric('cost_usd', 0.0014008),
      metric('error_rate', 1 / 3),
      metric('latency_ms', 1500.4),
    ],
  },
];

const base = {
  runId: 'r1',
  targetId: 'lite',
  repeat: 0,
  modelId: 'amazon.nova-lite-v1:0',
  request: {},
  retrieved: null,
  citations: null,
  guardrail: null,
};
const results: StoredCaseResult[] = [
  {
    ...base,
    caseId: 'c1',
    status: 'ok',
    outputText: 'a <b>bold</b> answer',
    vars: { question: 'q1', n: 2 },
    expected: 'answer',
    errorClass: null,
    errorMessage: null,
    attempts: null,
    latencyMs: 1500.4,
    ttftMs: null,
    inputTokens: 617,
    outputTokens: 283,
    stopReason: 'end_turn',
    raw: null,
    startedAt: T0,
  },
  {
    ...base,
    caseId: 'c2',
    status: 'error',
    outputText: null,
    vars: { question: 'q2' },
    expected: null,
    errorClass: 'ThrottlingException',
    errorMessage: 'Rate exceeded',
    attempts: 3,
    latencyMs: 20,
    ttftMs: null,
    inputTokens: null,
    outputTokens: null,
    stopReason: null,
    raw: null,
    startedAt: T0,
  },
];
const scores: StoredScore[] = [
  {
    runId: 'r1',
    caseId: 'c1',
    targetId: 'lite',
    repeat: 0,
    metric: 'contains',
    value: 1,
    pass: true,
    reason: 'ok',
  },
];

const source: ReportSource = {
  getRun: async (id) => (id === 'r1' ? run : undefined),
  metricSummary: async () => summaries,
  listResults: async () => results,
  listScores: async () => scores,
};

describe('format', () => {
  it('formats figures by magnitude and unit', () => {
    expect([fmtNum(1234.5), fmtNum(12.345), fmtNum(0.000123456), fmtNum(0), fmtNum(null)]).toEqual([
      '1,235',
      '12.35',
      '0.0001235',
      '0',
      '–',
    ]);
    expect([fmtPct(1 / 3), fmtMs(976.4), fmtMs(12.34), fmtUsd(0.0028016), fmtInt(12345.6)]).toEqual([
      '33.3%',
      '976 ms',
      '12.3 ms',
      '$0.002802',
      '12,346',
    ]);
    expect([fmtMetric('ttft_ms', 5), fmtMetric('cost_usd', 0.5), fmtMetric('error_rate', 0.01)]).toEqual([
      '5 ms',
      '$0.5',
      '1.0%',
    ]);
    expect(fmtTime(T0)).toBe('2025-03-01 10:00:00Z');
    expect(fmtDuration(T0, new Date(T0.getTime() + 42_100))).toBe('42.1 s');
    expect(fmtDuration(T0, new Date(T0.getTime() + 185_000))).toBe('3 min 5 s');
  });
});

describe('barChartSvg', () => {
  it('scales bars to the largest value and escapes labels', () => {
    const svg = barChartSvg(
      't <1>',
      [
        { label: '<img onerror=x>', value: 50 },
        { label: 'b', value: 200 },
        { label: 'none', value: null },
      ],
      (x) => (x === null ? 'n/a' : `${x} ms`),
    );
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&#60;img onerror=x&#62;');
    // bar area = 640 - 170 - 110 = 360 px; 50/200 → 90 px, 200/200 → 360 px, null → 0
    expect([...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => m[1])).toEqual(['90', '360', '0']);
    expect(svg).toContain('>200 ms</text>');
    expect(svg).toContain('>n/a</text>');
    expect(svg).toContain('height="100"'); // 2 * 8 + 3 * 28
  });

  it('uses a 0..1 scale when every value is a share', () => {
    const svg = barChartSvg('x', [{ label: 'a', value: 0.25 }], String);
    expect(svg).toContain('width="90"');
    expect(escapeXml(`"a" & 'b'`)).toBe('&#34;a&#34; &#38; &#39;b&#39;');
  });
});

describe('buildReportModel', () => {
  it('picks the main metric: option, first non-error_rate rule, first scorer metric', () => {
    const verdict = { rules: [{ metric: 'error_rate' }, { metric: 'latency_ms' }] } as Verdict;
    expect(pickMainMetric(summaries, { mainMetric: 'x' })).toBe('x');
    expect(pickMainMetric(summaries, { verdict })).toBe('latency_ms');
    expect(pickMainMetric(summaries, {})).toBe('contains');
  });

  it('formats targets, counts and cases', async () => {
    const m = await buildReportModel(source, 'r1', { foldChars: 10 });
    expect(m.run).toMatchObject({
      suiteHash: '0123456789ab',
      duration: '2 min 5 s',
      finishedAt: '2025-03-01 10:02:05Z',
    });
    expect(m.counts.map((c) => `${c.label}=${c.value}`)).toEqual([
      'Cases=2',
      'Calls=3',
      'OK=2',
      'Errors=1',
      'Throttles=1',
    ]);
    expect(m.targets[0]).toMatchObject({
      errorRate: '33.3%',
      inputTokens: '1,234',
      cost: '$0.002802',
      costPerCall: '$0.001401',
      errorClasses: ['ThrottlingException × 1'],
    });
    expect(m.metrics.find((x) => x.metric === 'latency_ms')?.mean).toBe('1,500 ms');
    expect(m.cases[0]?.output).toEqual({
      text: 'a <b>bold</b> answer',
      long: true,
      // folded at 10 characters (no space in the second half of them): head + tail = the text
      head: 'a <b>bold<',
      tail: '/b> answer',
    });
    expect(m.cases[0]?.vars.text).toBe('question: q1\nn: 2');
    expect(m.cases[0]?.scores).toEqual([
      { metric: 'contains', value: '1', pass: true, reason: 'ok', judged: false, claims: [] },
    ]);
    expect(m.cases[1]).toMatchObject({ ok: false, errorClass: 'ThrottlingException', latency: '20 ms' });
  });

  it('fails on an unknown run with one line', async () => {
    await expect(buildReportModel(source, 'nope')).rejects.toThrow('run "nope" not found in the store');
  });
});

describe('renderHtmlReport', () => {
  it('renders one escaped page without a verdict, leaving the global Handlebars untouched', async () => {
    const html = await renderHtmlReport(source, 'r1');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('support &amp; &lt;co&gt;');
    expect(html).toContain('a &lt;b&gt;bold&lt;/b&gt; answer');
    expect(html).toContain('NO GATE');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    // exactly one script: the table script, allowed by its hash (and nothing else) in the CSP
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(scripts).toEqual([TABLE_SCRIPT]);
    expect(html.match(/<script/g)).toHaveLength(1);
    const hash = createHash('sha256').update(TABLE_SCRIPT).digest('base64');
    expect(html).toContain(
      `content="default-src &#x27;none&#x27;; style-src &#x27;unsafe-inline&#x27;; img-src data:; script-src &#x27;sha256-${hash.replace(/=/g, '&#x3D;')}&#x27;;`,
    );
    expect(html).not.toContain('unsafe-eval');
    expect(Object.keys(Handlebars.partials)).not.toContain('case-table');
  });
});
