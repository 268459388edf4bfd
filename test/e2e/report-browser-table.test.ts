import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseId, openReportPage, type ReportPage, SKIP, SKIP_NOTE } from './_report-browser.ts';

/** The case table's small script in headless Chromium: search, filters and sort, all by hiding/moving rows. */

describe('case table search, filter and sort', () => {
  let r: ReportPage;
  const visibleIds = () =>
    r.page.locator('#case-table tbody tr:not([hidden])').evaluateAll((rows) =>
      rows.map((row) => {
        const cells = (row as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells;
        return `${cells[0]?.textContent}/${cells[1]?.textContent}`;
      }),
    );

  beforeAll(async () => {
    if (SKIP) return;
    r = await openReportPage();
  });

  afterAll(async () => {
    await r?.browser.close();
    if (r?.dir) await rm(r.dir, { recursive: true, force: true });
  });

  it('shows the tools (hidden without script) and counts every row', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    expect(await r.page.locator('#case-tools').isVisible()).toBe(true);
    expect(await r.page.locator('#case-shown').textContent()).toBe('20 of 20 rows shown');
  });

  it('filters to one case when its id is typed, and by text otherwise', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    await r.page.fill('#case-q', 'case-03');
    expect(await visibleIds()).toEqual(['case-03/lite', 'case-03/pro']);
    expect(await r.page.locator('#case-shown').textContent()).toBe('2 of 20 rows shown');
    // free text: "iframe" appears in case 6's rows only (its payload); the pro row points back to lite's input,
    // but its output carries the payload too
    await r.page.fill('#case-q', 'IFRAME');
    expect(await visibleIds()).toEqual(['case-06/lite', 'case-06/pro']);
    await r.page.fill('#case-q', '');
    expect((await visibleIds()).length).toBe(20);
  });

  it('filters by target and by result', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    await r.page.selectOption('#case-status', 'fail');
    expect(await visibleIds()).toEqual(['case-01/lite', 'case-03/lite', 'case-04/lite']);
    await r.page.selectOption('#case-status', '');
    await r.page.selectOption('#case-target', 'pro');
    expect(await visibleIds()).toEqual(Array.from({ length: 10 }, (_, i) => `${caseId(i)}/pro`));
    await r.page.selectOption('#case-target', '');
  });

  it('sorts by a clicked header, numerically for latency, and back', async (ctx) => {
    ctx.skip(SKIP, SKIP_NOTE);
    const latency = r.page.locator('#case-table thead th', { hasText: 'latency' });
    await latency.click();
    expect(await latency.getAttribute('aria-sort')).toBe('ascending');
    // lite latencies 100, 110 … 190 ms, then pro 600 … 690 ms (numeric, not text order: "1,000" would break it)
    const ids = await visibleIds();
    expect(ids.slice(0, 3)).toEqual(['case-01/lite', 'case-02/lite', 'case-03/lite']);
    expect(ids.slice(-2)).toEqual(['case-09/pro', 'case-10/pro']);
    await latency.click();
    expect(await latency.getAttribute('aria-sort')).toBe('descending');
    expect((await visibleIds())[0]).toBe('case-10/pro');
    const result = r.page.locator('#case-table thead th', { hasText: 'result' });
    await result.click();
    expect(await latency.getAttribute('aria-sort')).toBeNull();
    // "fail" < "pass": the three failing rows first, in their previous (latency descending) order
    expect((await visibleIds()).slice(0, 3)).toEqual(['case-04/lite', 'case-03/lite', 'case-01/lite']);
  });
});
