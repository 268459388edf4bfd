export { type BaselineOptions, baselineSection } from './baseline.ts';
export { type CaseCheck, checkCases, type GatedMetric, gatedMetrics } from './case-checks.ts';
export { barChartSvg, escapeXml } from './chart.ts';
export { fmtMetric, fmtMs, fmtNum, fmtPct, fmtUsd } from './format.ts';
export { histogramSvg } from './histogram.ts';
export { type HtmlReportOptions, renderHtmlReport, writeHtmlReport } from './html.ts';
export { type JunitOptions, renderJunitReport, xmlEscape } from './junit.ts';
export { type MarkdownOptions, mdCell, renderMarkdownReport } from './markdown.ts';
export {
  parseReportFormat,
  REPORT_FILES,
  REPORT_FORMATS,
  type ReportFormat,
  renderJsonReport,
  renderReport,
  writeReport,
} from './render.ts';
export { reportCsp, scriptHash, TABLE_SCRIPT } from './table-script.ts';
export {
  buildReportModel,
  pickMainMetric,
  type ReportModel,
  type ReportOptions,
  type ReportSource,
} from './view-model.ts';
