import { describe, expect, it } from 'vitest';
import { fakeStep, times } from '../load/_test-steps.ts';
import { evaluateLoadGate } from '../load/gate.ts';
import { toLoadRunRecord } from '../load/record.ts';
import { summarizeLoadRun } from '../load/summary.ts';
import type { LoadRunResult } from '../load/types.ts';
import { lineChartSvg, niceTicks } from './line-chart.ts';
import { buildLoadReportModel, renderLoadReport } from './load.ts';

const RUN: LoadRunResult = {
  runId: 'L-1',
  profileName: 'chat-api',
  profileFile: 'loadtests/chat-api.yaml',
  target: { kind: 'http', id: 'POST /chat', url: 'http://127.0.0.1:4010/chat' },
  sloP99Ms: 200,
  startedAt: new Date('2025-03-01T10:00:00Z'),
  finishedAt: new Date('2025-03-01T10:00:03Z'),
  steps: [
    fakeStep({ label: 'c=1', concurrency: 1, elapsedMs: 1000, latenciesMs: times(10, 100) }),
    fakeStep({ label: 'c=2', concurrency: 2, elapsedMs: 1000, latenciesMs: times(20, 100) }),
    fakeStep({
      label: 'c=4',
      concurrency: 4,
      elapsedMs: 1000,
      latenciesMs: times(40, 300),
      ok: 30,
      throttled: 10,
      errorsByClass: { ThrottlingException: 8, '<script>': 2 },
    }),
  ],
};

describe('load report', () => {
  const rec = toLoadRunRecord(RUN, { backend: 'local' });

  it('names the knee and marks it (c=2: 20 ok/s at p99 100 ms within 200 ms)', () => {
    const m = buildLoadReportModel(rec);
    expect(m.knee?.label).toBe('c=2');
    expect(m.knee?.text).toBe('c=2: 20 successful req/s at p99 100 ms (SLO 200 ms)');
    expect(m.steps.map((s) => [s.label, s.isKnee, s.overSlo, s.okps])).toEqual([
      ['c=1', false, false, '10'],
      ['c=2', true, false, '20'],
      ['c=4', false, true, '30'],
    ]);
    expect(m.classes).toEqual([
      { step: 'c=4', cls: '<script>', n: '2', rate: '5.0%' },
      { step: 'c=4', cls: 'ThrottlingException', n: '8', rate: '20.0%' },
    ]);
    expect(m.total.errorRate).toBe('14.3%'); // 10 of 70
    expect(m.streaming).toBe(false);
  });

  it('renders one self-contained page: both charts inline, class names escaped, no script', async () => {
    const verdict = evaluateLoadGate([{ metric: 'error_rate', max: 0.01 }], {
      runId: 'L-1',
      candidate: 'chat-api',
      summary: summarizeLoadRun(RUN),
    });
    const html = await renderLoadReport(rec, { verdict });
    expect(html).toContain('aria-label="Latency vs throughput (one point per step)"');
    expect(html).toContain('aria-label="Latency percentiles per step"');
    expect(html).toContain('knee c=2');
    expect(html).toContain('SLO 200 ms');
    expect(html).toContain('<div class="decision">ROLLBACK</div>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg|127\.0\.0\.1)/);
    expect((html.match(/<tr class="[^"]*"/g) ?? []).length).toBe(3);
  });

  it('without an SLO, says why no knee is named', () => {
    const { sloP99Ms: _, ...noSlo } = RUN;
    const m = buildLoadReportModel(toLoadRunRecord(noSlo));
    expect(m.knee).toBeNull();
    expect(m.kneeNote).toMatch(/sets no SLO/);
  });
});

describe('line chart', () => {
  it('picks round ticks covering the maximum', () => {
    expect(niceTicks(93)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it('places points on the scale: x 0..100 over 500 px, y 0..100 over 240 px', () => {
    const svg = lineChartSvg(
      't',
      [
        {
          name: 's',
          points: [
            { x: 0, y: 0 },
            { x: 100, y: 100 },
            { x: 50, y: null },
          ],
        },
      ],
      {
        xLabel: 'x',
        yLabel: 'y',
        formatX: String,
        formatY: String,
      },
    );
    // plot area: left 70, width 720 − 70 − 150 = 500; top 16, height 300 − 16 − 44 = 240
    expect(svg).toContain('<polyline points="70,256 570,16"');
    expect((svg.match(/<circle /g) ?? []).length).toBe(2);
  });
});
