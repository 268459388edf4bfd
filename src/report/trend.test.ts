import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTrendRuns } from '../store/_trend-fixtures.ts';
import { type DuckDbStore, openStore } from '../store/store.ts';
import { DEFAULT_TEMPLATES_DIR } from './templates.ts';
import { type TrendView, trendChartSvg, trendSection } from './trend.ts';

/** The polyline's points of each series, in series order. */
function polylines(svg: string): string[] {
  return [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('trendSection', () => {
  let dir: string;
  let store: DuckDbStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-report-trend-'));
    store = await openStore(join(dir, 'evalgate.duckdb'));
    await writeTrendRuns(store);
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('charts the mean per target over the completed runs up to the current one, the current run circled', async () => {
    const view = await trendSection(store, 'r4', { metric: 'exact' });
    expect(view).toBeDefined();
    const v = view as TrendView;
    expect(v.runs).toBe(3);
    expect(v.caption).toBe(
      'mean exact per target over the last 3 runs of support since 2025-03-01 10:00:00Z (completed runs; this run circled).',
    );
    const svg = String(v.svg);
    // plot 420 × 180 at (70, 16); x = 70 + 210·i; y axis 0..1 → y = 196 − 180·v
    // a: 0.5, 2/3, 0 → (70,106) (280,76) (490,196); b: 1, 1, none → (70,16) (280,16)
    expect(polylines(svg)).toEqual(['70,106 280,76 490,196', '70,16 280,16']);
    expect(svg).toContain('<g class="knee"><circle cx="490" cy="196" r="8"');
    expect(svg).toContain('>this run</text>');
    // x labels: month-day of each run's start
    for (const d of ['03-01', '03-02', '03-04']) expect(svg).toContain(`>${d}</text>`);
  });

  it("shows an older run's history as it was, and nothing with fewer than 2 runs", async () => {
    const v = (await trendSection(store, 'r2', { metric: 'latency_ms', stat: 'p50' })) as TrendView;
    expect(v.runs).toBe(2);
    // latency p50: a 200, 200; b 200, 100; y ticks 0..200 (step 50) → y = 196 − 0.9·ms; x = 70 + 420·i
    expect(polylines(String(v.svg))).toEqual(['70,16 490,16', '70,16 490,106']);
    expect(String(v.svg)).toContain('<circle cx="490" cy="16" r="8"');
    expect(await trendSection(store, 'r1', { metric: 'exact' })).toBeUndefined();
    expect(await trendSection(store, 'r4', { metric: 'no-such-metric' })).toBeUndefined();
    expect(
      await trendSection({ getRun: store.getRun.bind(store) }, 'r4', { metric: 'exact' }),
    ).toBeUndefined();
  });

  it('labels every 3rd of 20 runs, the last and the current one, and escapes target names', () => {
    const runs = Array.from({ length: 20 }, (_, i) => ({
      runId: `n${i}`,
      startedAt: new Date(Date.UTC(2025, 0, i + 1)),
      promptVersion: null,
      gitCommit: null,
      status: 'completed',
      points: [{ targetId: '<b>x</b>', value: i / 20, n: 1 }],
    }));
    const svg = trendChartSvg(
      { suiteName: 's', metric: 'exact', stat: 'pass_rate', targets: ['<b>x</b>'], runs },
      'n7',
    );
    // every 3rd run (0, 3, …, 18), the last (19) and the current one (7)
    const labelled = [...svg.matchAll(/>(01-\d\d)<\/text>/g)].map((m) => m[1]);
    expect(labelled).toEqual([
      '01-01',
      '01-04',
      '01-07',
      '01-08',
      '01-10',
      '01-13',
      '01-16',
      '01-19',
      '01-20',
    ]);
    expect(svg).not.toContain('<b>x</b>');
    expect(svg).toContain('>&#60;b&#62;x&#60;/b&#62;</text>');
    expect(svg).toContain('>100.0%</text>');
  });

  it('renders through reports/partials/trend.hbs with the SVG as markup and the caption escaped', async () => {
    const source = await readFile(join(DEFAULT_TEMPLATES_DIR, 'partials/trend.hbs'), 'utf8');
    const render = Handlebars.create().compile(source);
    const view = (await trendSection(store, 'r4', { metric: 'exact' })) as TrendView;
    const html = render({ trend: { ...view, caption: `${view.caption} <i>` } });
    expect(html).toContain('<section id="trend">');
    expect(html).toContain('(mean exact, last 3 runs)');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('this run circled). &lt;i&gt;</figcaption>');
    expect(render({}).trim()).toBe('');
  });
});
