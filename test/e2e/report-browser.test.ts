import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../src/core/types.ts';
import { evaluateGate } from '../../src/gate/evaluate.ts';
import { writeHtmlReport } from '../../src/report/html.ts';
import { openStore } from '../../src/store/store.ts';

/**
 * Renders a report whose model output, input vars and expected answer carry an XSS payload, opens the file in
 * real headless Chromium and checks that nothing ran, the payload shows as text, and no request left the page.
 */

const CHROMIUM = '/usr/bin/chromium';
const PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
const SKIP = !existsSync(CHROMIUM) && process.env.EVALGATE_SKIP_BROWSER === '1';
const SKIP_NOTE = `${CHROMIUM} is absent and EVALGATE_SKIP_BROWSER=1`;

/** The rendered, visible text of an element (what a reader sees), not the raw DOM text. */
function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is exactly what these checks are about
  return locator.innerText();
}

function result(caseId: string, targetId: string, text: string, contains: number): CaseResult {
  return {
    runId: 'xss-run',
    caseId,
    targetId,
    repeat: 0,
    request: { prompt: `Answer: ${PAYLOAD}` },
    vars: { question: `Echo this: ${PAYLOAD}` },
    expected: PAYLOAD,
    startedAt: new Date('2025-03-01T10:00:00.000Z'),
    outcome: {
      status: 'ok',
      response: {
        text,
        usage: { inputTokens: 12, outputTokens: 8, totalTokens: 20 },
        timing: { latencyMs: 120 },
      },
      scores: [{ metric: 'contains', value: contains, pass: contains === 1, reason: `reason ${PAYLOAD}` }],
    },
  };
}

describe('HTML report in headless Chromium', () => {
  let dir: string;
  let reportFile: string;
  let browser: Browser | undefined;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    if (SKIP) return;
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} not found: run "apt-get install -y chromium", or set EVALGATE_SKIP_BROWSER=1 to skip`,
      );
    }
    dir = await mkdtemp(join(tmpdir(), 'evalgate-report-'));
    reportFile = join(dir, 'out', 'report.html');
    {
      await using store = await openStore(join(dir, 'evalgate.duckdb'));
      await store.beginRun({
        runId: 'xss-run',
        suiteName: 'xss',
        suiteFile: 'suites/xss.yaml',
        suiteHash: 'f'.repeat(64),
        promptVersion: '2.0.0',
        backend: 'local',
        targets: [
          { id: 'lite', modelId: 'amazon.nova-lite-v1:0' },
          { id: 'pro', modelId: 'amazon.nova-pro-v1:0' },
        ],
      });
      await store.appendResults([
        result('c1', 'lite', `Sure: ${PAYLOAD}`, 1),
        result('c2', 'lite', 'no idea', 0),
        result('c1', 'pro', `Sure: ${PAYLOAD}`, 1),
        result('c2', 'pro', `${'long answer '.repeat(60)}${PAYLOAD}`, 1),
      ]);
      await store.finishRun('xss-run', 'completed', { cases: 2, calls: 4, ok: 4, errors: 0 });
      const verdict = evaluateGate(
        { candidate: 'lite', baseline: 'pro', rules: [{ metric: 'contains', min: 0.8 }] },
        { runId: 'xss-run', summaries: await store.metricSummary('xss-run') },
      );
      await writeHtmlReport(store, 'xss-run', reportFile, { verdict });
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage();
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(reportFile).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs none of the injected markup', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    expect(
      await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    const html = await readFile(reportFile, 'utf8');
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('onerror="');
  });

  it('shows the payload as literal text in the case table', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    const output = await visibleText(page.locator('#cases tbody tr').first().locator('td.output'));
    expect(output).toBe(`Sure: ${PAYLOAD}`);
    const table = await visibleText(page.locator('#cases'));
    expect(table).toContain('<script>window.__pwned=1</script>');
    expect(table).toContain(`question: Echo this: ${PAYLOAD}`);
  });

  it('makes no network request besides the file itself', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    const fileUrl = pathToFileURL(reportFile).href;
    expect(requests.filter((u) => u !== fileUrl)).toEqual([]);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').length)).toBe(0);
  });

  it('shows the verdict banner with its rule figures', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    const banner = page.locator('#verdict');
    expect(await banner.isVisible()).toBe(true);
    // lite: contains 1, 0 → mean 0.5 < 0.8; pro (baseline) mean 1
    expect(await visibleText(banner.locator('.decision'))).toBe('ROLLBACK');
    expect(await visibleText(banner.locator('.verdict-summary'))).toBe(
      'rollback: 1 of 1 rules failed for "lite": contains mean = 0.5 < min 0.8',
    );
    const cells = await banner.locator('tbody tr').first().locator('td').allInnerTexts();
    expect(cells).toEqual([
      'contains.mean',
      '0.5',
      '0.8',
      '',
      '1',
      '2',
      'fail',
      'contains mean = 0.5 < min 0.8',
    ]);
  });

  it('draws the bar chart of the main metric with formatted figures', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    const chart = page.locator('svg.chart');
    expect(await chart.isVisible()).toBe(true);
    expect(await chart.locator('.bar-label').allTextContents()).toEqual(['lite', 'pro']);
    expect(await chart.locator('.bar-value').allTextContents()).toEqual(['0.5', '1']);
    // bar widths: 0.5 and 1 of the 360 px bar area
    expect(
      await chart.locator('rect.bar').evaluateAll((els) => els.map((e) => e.getAttribute('width'))),
    ).toEqual(['180', '360']);
  });
});
