/**
 * Shared fixture of the report browser tests: two stored runs (a baseline and a candidate that regresses) whose
 * model outputs, input vars, expected answers and judge reasons carry a list of XSS payloads, the candidate's
 * HTML report (with verdict and baseline) written to a temp folder, and a headless Chromium page on it that
 * records every request, console error and page error.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { CaseResult } from '../../src/core/types.ts';
import { evaluateGate } from '../../src/gate/evaluate.ts';
import { writeHtmlReport } from '../../src/report/html.ts';
import { openStore } from '../../src/store/store.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SKIP = !existsSync(CHROMIUM) && process.env.EVALGATE_SKIP_BROWSER === '1';
export const SKIP_NOTE = `${CHROMIUM} is absent and EVALGATE_SKIP_BROWSER=1`;

/** Classic payloads; each sets window.__pwned (or hides the page) if it ever runs. */
export const PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '<svg onload="window.__pwned=3"><circle r="9"></circle></svg>',
  '<a href="javascript:window.__pwned=4" id="evil-link">click me</a>',
  '</textarea><script>window.__pwned=5</script>',
  '"><iframe src="javascript:window.__pwned=6"></iframe>',
  `'><body onload="window.__pwned=7">`,
  '{{constructor.constructor("window.__pwned=8")()}} {{> case-table}}',
  '</pre></td></tr></table><script>window.__pwned=9</script>',
  '<style>body{display:none}</style><meta http-equiv="refresh" content="0;url=javascript:window.__pwned=10">',
] as const;

export const caseId = (i: number) => `case-${String(i + 1).padStart(2, '0')}`;

function _result(runId: string, i: number, targetId: string, pass: boolean): CaseResult {
  const p = PAYLOADS[i] ?? '';
  return {
    runId,
    caseId: caseId(i),
    targetId,
    repeat: 0,
    request: { prompt: `Answer: ${p}` },
    vars: { question: `Echo this: ${p}` },
    expected: p,
    startedAt: new Date('2025-03-01T10:00:00.000Z'),
    outcome: {
      status: 'ok',
      response: {
        text: `${targetId} says: ${p}`,
        usage: { inputTokens: 12, outputTokens: 8, totalTokens: 20 },
        timing: { latencyMs: 100 + i * 10 + (targetId === 'pro' ? 500 : 0) },
      },
      scores: [
        { metric: 'contains', value: pass ? 1 : 0, pass, reason: `reason ${p}` },
        {
          metric: 'helpfulness',
          value: pass ? 1 : 0.25,
          pass,
          reason: `judge: ${p}`,
          details: { judge: 'rubric', usage: { inputTokens: 100, outputTokens: 20 }, costUsd: 0.0001 },
        },
      ],
    },
  };
}

async function _run(store: Awaited<ReturnType<typeof openStore>>, runId: string, failLite: number[]) {
  await store.beginRun({
    runId,
    suiteName: 'xss',
    suiteFile: 'suites/xss.yaml',
    suiteHash: 'f'.repeat(64),
    promptVersion: '2.0.0',
    backend: 'local',
    targets: [
      { id: 'lite', modelId: 'amazon.nova-lite-v1:0' },
      { id: 'pro', modelId: 'amazon.nova-pro-v1:0' },
    ],
    meta: {
      git: { commit: 'abcdef1234567890abcdef1234567890abcdef12', dirty: true },
      evalgateVersion: '0.1.0',
    },
  });
  const rows = PAYLOADS.flatMap((_, i) => [
    _result(runId, i, 'lite', !failLite.includes(i)),
    _result(runId, i, 'pro', true),
  ]);
  await store.appendResults(rows);
  await store.finishRun(runId, 'completed', { cases: PAYLOADS.length, calls: rows.length, ok: rows.length });
}

export interface ReportPage {
  dir: string;
  reportFile: string;
  browser: Browser;
  page: Page;
  requests: string[];
  consoleErrors: string[];
}

/** Writes the two runs and the candidate's report, opens it in Chromium. */
export async function openReportPage(): Promise<ReportPage> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} not found: run "apt-get install -y chromium", or set EVALGATE_SKIP_BROWSER=1`,
    );
  const dir = await mkdtemp(join(tmpdir(), 'evalgate-report-'));
  const reportFile = join(dir, 'out', 'report.html');
  {
    await using store = await openStore(join(dir, 'evalgate.duckdb'));
    await _run(store, 'base-run', [9]);
    // the candidate regresses on cases 1, 3 and 4 of lite (and mends case 10)
    await _run(store, 'xss-run', [0, 2, 3]);
    const verdict = evaluateGate(
      { candidate: 'lite', baseline: 'pro', rules: [{ metric: 'contains', min: 0.8 }] },
      { runId: 'xss-run', summaries: await store.metricSummary('xss-run') },
    );
    await writeHtmlReport(store, 'xss-run', reportFile, { verdict, baseline: 'base-run' });
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(pathToFileURL(reportFile).href, { waitUntil: 'load' });
  return { dir, reportFile, browser, page, requests, consoleErrors };
}
