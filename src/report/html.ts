import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { reportCsp, TABLE_SCRIPT } from './table-script.ts';
import { loadReportTemplate, trustedMarkup } from './templates.ts';
import { buildReportModel, type ReportOptions, type ReportSource } from './view-model.ts';

export interface HtmlReportOptions extends ReportOptions {
  /** Folder with report.hbs and partials/ (default: the shipped `reports/`). */
  templatesDir?: string;
}

/**
 * One self-contained HTML page for one run: inline CSS and SVG, no network, one small inline script (the case
 * table's search, filter and sort) allowed by its sha256 hash in a strict Content-Security-Policy.
 */
export async function renderHtmlReport(
  store: ReportSource,
  runId: string,
  opts: HtmlReportOptions = {},
): Promise<string> {
  const [template, model] = await Promise.all([
    loadReportTemplate(opts.templatesDir),
    buildReportModel(store, runId, opts),
  ]);
  return template({
    ...model,
    csp: reportCsp(TABLE_SCRIPT),
    chart: trustedMarkup(model.chartSvg),
    distributions: model.distributions.map((d) => ({ metric: d.metric, svg: trustedMarkup(d.svg) })),
    latencyChart: model.latencySvg === null ? null : trustedMarkup(model.latencySvg),
    script: trustedMarkup(`<script>${TABLE_SCRIPT}</script>`),
  });
}

/** Renders and writes the report (creating the folder); returns the file path. */
export async function writeHtmlReport(
  store: ReportSource,
  runId: string,
  file: string,
  opts: HtmlReportOptions = {},
): Promise<string> {
  const html = await renderHtmlReport(store, runId, opts);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, html, 'utf8');
  return file;
}
