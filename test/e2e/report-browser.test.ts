import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_SCRIPT } from '../../src/report/table-script.ts';
import { caseId, openReportPage, PAYLOADS, type ReportPage, SKIP, SKIP_NOTE } from './_report-browser.ts';

/**
 * Opens a report whose model outputs, input vars, expected answers and judge reasons carry classic XSS payloads
 * in real headless Chromium: nothing runs, the payloads show as text, no request leaves the page, no console
 * error; the verdict banner, the charts and the baseline diff show; a screenshot goes to artifacts/report.png.
 */

const ROOT = join(import.meta.dirname, '..', '..');

/** The rendered, visible text of an element (what a reader sees), not the raw DOM text. */
function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is exactly what these checks are about
  return locator.innerText();
}

describe('HTML report in headless Chromium', () => {
  let r: ReportPage;

  beforeAll(async () => {
    if (SKIP) return;
    r = await openReportPage();
  });

  afterAll(async () => {
    await r?.browser.close();
    if (r?.dir) await rm(r.dir, { recursive: true, force: true });
  });

  it('runs none of the injected markup and logs no error', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    const { page } = r;
    expect(
      await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    // the one script is the table script; no element a payload would create exists
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('script').first().textContent()).toBe(TABLE_SCRIPT);
    for (const sel of [
      'img',
      'iframe',
      'textarea',
      'a',
      'svg[onload]',
      'meta[http-equiv="refresh"]',
      '#evil-link',
    ])
      expect(await page.locator(sel).count(), sel).toBe(0);
    expect(await page.locator('style').count()).toBe(1);
    expect(await page.locator('body').isVisible()).toBe(true);
    expect(r.consoleErrors).toEqual([]);
    const html = await readFile(r.reportFile, 'utf8');
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('onerror="');
  });

  it('shows every payload as literal text in outputs, vars, expected answers and judge reasons', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    const rows = r.page.locator('#case-table tbody tr');
    expect(await rows.count()).toBe(PAYLOADS.length * 2);
    for (const [i, p] of PAYLOADS.entries()) {
      // rows: case order, then lite before pro
      const cells = rows.nth(i * 2).locator('td');
      expect(await visibleText(cells.nth(0))).toBe(caseId(i));
      expect(await visibleText(cells.nth(4))).toBe(`question: Echo this: ${p}`);
      expect(await visibleText(cells.nth(5))).toBe(p);
      expect(await visibleText(cells.nth(6))).toBe(`lite says: ${p}`);
      expect(await visibleText(cells.nth(7).locator('.judge-reason'))).toBe(`judge: ${p}`);
      // the pro row has the same input: it points back instead of repeating it
      expect(
        await visibleText(
          rows
            .nth(i * 2 + 1)
            .locator('td')
            .nth(4),
        ),
      ).toBe('same as lite');
    }
  });

  it('makes no network request besides the file itself', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    const fileUrl = pathToFileURL(r.reportFile).href;
    expect(r.requests.filter((u) => u !== fileUrl)).toEqual([]);
    expect(await r.page.evaluate(() => performance.getEntriesByType('resource').length)).toBe(0);
  });

  it('shows the verdict banner with its rule figures', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    const banner = r.page.locator('#verdict');
    expect(await banner.isVisible()).toBe(true);
    // lite: contains passes on 7 of 10 cases → mean 0.7 < 0.8; pro (baseline) mean 1
    expect(await visibleText(banner.locator('.decision'))).toBe('ROLLBACK');
    expect(await visibleText(banner.locator('.verdict-summary'))).toBe(
      'rollback: 1 of 1 rules failed for "lite": contains mean = 0.7 < min 0.8',
    );
    const cells = await banner.locator('tbody tr').first().locator('td').allInnerTexts();
    expect(cells).toEqual([
      'contains.mean',
      '0.7',
      '0.8',
      '',
      '1',
      '10',
      'fail',
      'contains mean = 0.7 < min 0.8',
    ]);
  });

  it('draws the bar chart, the distributions and the latency CDF', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    const chart = r.page.locator('#mean-chart svg');
    expect(await chart.locator('.bar-label').allTextContents()).toEqual(['lite', 'pro']);
    expect(await chart.locator('.bar-value').allTextContents()).toEqual(['0.7', '1']);
    // bar widths: 0.7 and 1 of the 360 px bar area
    expect(
      await chart.locator('rect.bar').evaluateAll((els) => els.map((e) => e.getAttribute('width'))),
    ).toEqual(['252', '360']);
    const dists = r.page.locator('#distributions figure');
    expect(await dists.evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')))).toEqual([
      'contains',
      'helpfulness',
    ]);
    // contains for lite: 3 zeros, 7 ones → two bins (0–0.1 and 0.9–1), the taller one full height
    const liteBins = dists.first().locator('g.dist-row').first().locator('rect.bin');
    expect(await liteBins.count()).toBe(2);
    expect(await r.page.locator('#latency svg circle').count()).toBe(2 * 41);
  });

  it('shows the run metadata', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    const run = r.page.locator('#run');
    expect(await visibleText(run.locator('dd.git'))).toBe('abcdef1 (dirty: uncommitted changes)');
    expect(await visibleText(run.locator('dd.models'))).toBe(
      'lite → amazon.nova-lite-v1:0\npro → amazon.nova-pro-v1:0',
    );
  });

  it('compares with the baseline and diffs the regressed cases side by side', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    const section = r.page.locator('#baseline');
    expect(await visibleText(section.locator('h2'))).toBe('Against baseline base-run (xss)');
    // lite contains: baseline 9/10, candidate 7/10 → diff −0.2; 3 regressed (cases 1, 3, 4), 1 improved (10)
    const liteContains = section.locator('table.comparison').first().locator('tbody tr').first();
    expect((await liteContains.locator('td').allInnerTexts()).slice(0, 5)).toEqual([
      'contains',
      '10',
      '0.9',
      '0.7',
      '-0.2',
    ]);
    expect((await liteContains.locator('td').allInnerTexts()).slice(6, 8)).toEqual(['3', '1']);
    const diff = section.locator('table.diff').first();
    expect(
      await diff.locator('tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-c'))),
    ).toEqual(['case-01', 'case-03', 'case-04']);
    const first = diff.locator('tbody tr').first().locator('td');
    expect(await visibleText(first.nth(1))).toBe(`lite says: ${PAYLOADS[0]}`);
    expect(await visibleText(first.nth(3))).toBe(`lite says: ${PAYLOADS[0]}`);
    expect(await visibleText(first.nth(2))).toContain('contains 1');
    expect(await visibleText(first.nth(4))).toContain('contains 0');
    expect(await visibleText(first.nth(4).locator('.judge-reason'))).toBe(`judge: ${PAYLOADS[0]}`);
  });

  it('saves a screenshot for CI (artifacts/report.png)', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    await mkdir(join(ROOT, 'artifacts'), { recursive: true });
    const file = join(ROOT, 'artifacts', 'report.png');
    await r.page.screenshot({ path: file, fullPage: false });
    expect((await readFile(file)).subarray(1, 4).toString()).toBe('PNG');
  });
});
