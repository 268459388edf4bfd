export { barChartSvg, escapeXml } from './chart.ts';
export { fmtMetric, fmtMs, fmtNum, fmtPct, fmtUsd } from './format.ts';
export { type HtmlReportOptions, renderHtmlReport, writeHtmlReport } from './html.ts';
export {
  buildReportModel,
  pickMainMetric,
  type ReportModel,
  type ReportOptions,
  type ReportSource,
} from './view-model.ts';
