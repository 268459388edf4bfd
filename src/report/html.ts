import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadReportTemplate, trustedMarkup } from './templates.ts';
import { buildReportModel, type ReportOptions, type ReportSource } from './view-model.ts';

export interface HtmlReportOptions extends ReportOptions {
  /** Folder with report.hbs and partials/ (default: the shipped `reports/`). */
  templatesDir?: string;
}

/** One self-contained HTML page (inline CSS and SVG, no script, no network) for one run. */
export async function renderHtmlReport(
  store: ReportSource,
  runId: string,
  opts: HtmlReportOptions = {},
): Promise<string> {
  const [template, model] = await Promise.all([
    loadReportTemplate(opts.templatesDir),
    buildReportModel(store, runId, opts),
  ]);
  return template({ ...model, chart: trustedMarkup(model.chartSvg) });
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
