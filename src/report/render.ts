/** One entry point for every report format (`evalgate report --format`), plus the JSON reporter. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EvalgateError } from '../core/errors.ts';
import type { Verdict } from '../gate/types.ts';
import { renderHtmlReport } from './html.ts';
import { renderJunitReport } from './junit.ts';
import { renderMarkdownReport } from './markdown.ts';
import type { ReportSource } from './view-model.ts';

export const REPORT_FORMATS = ['html', 'junit', 'markdown', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Default file name of each format. */
export const REPORT_FILES: Record<ReportFormat, string> = {
  html: 'report.html',
  junit: 'junit.xml',
  markdown: 'summary.md',
  json: 'report.json',
};

export interface RenderOptions {
  verdict?: Verdict;
  /** Baseline run id (HTML only): adds the paired comparison and the regressed cases side by side. */
  baseline?: string;
}

/** The run as JSON: run record, verdict (or null), per-target summaries, and every result with its scores. */
export async function renderJsonReport(source: ReportSource, runId: string, opts: RenderOptions = {}) {
  const run = await source.getRun(runId);
  if (!run) throw new EvalgateError('STORE', `run "${runId}" not found in the store`);
  const summaries = await source.metricSummary(runId);
  const results = await source.listResults(runId);
  const scores = await source.listScores(runId);
  const cases = results.map(({ request: _request, raw: _raw, ...r }) => ({
    ...r,
    scores: scores
      .filter((s) => s.caseId === r.caseId && s.targetId === r.targetId && s.repeat === r.repeat)
      .map(({ runId: _run, caseId: _case, targetId: _target, repeat: _repeat, ...s }) => s),
  }));
  return `${JSON.stringify({ run, verdict: opts.verdict ?? null, targets: summaries, cases }, null, 2)}\n`;
}

export function parseReportFormat(text: string): ReportFormat {
  if ((REPORT_FORMATS as readonly string[]).includes(text)) return text as ReportFormat;
  throw new EvalgateError('USAGE', `--format ${text}: expected one of ${REPORT_FORMATS.join(', ')}`);
}

export function renderReport(
  format: ReportFormat,
  source: ReportSource,
  runId: string,
  opts: RenderOptions = {},
): Promise<string> {
  switch (format) {
    case 'html':
      return renderHtmlReport(source, runId, opts);
    case 'junit':
      return renderJunitReport(source, runId, opts);
    case 'markdown':
      return renderMarkdownReport(source, runId, opts);
    case 'json':
      return renderJsonReport(source, runId, opts);
  }
}

/** Renders one format and writes it (creating the folder); returns the file path. */
export async function writeReport(
  format: ReportFormat,
  source: ReportSource,
  runId: string,
  file: string,
  opts: RenderOptions = {},
): Promise<string> {
  const text = await renderReport(format, source, runId, opts);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text, 'utf8');
  return file;
}
