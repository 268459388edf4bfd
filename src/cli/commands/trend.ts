/**
 * `evalgate trend SUITE --metric M [--target T] [--stat mean|p50|p90|p99|pass_rate] [--last N] [--db FILE]
 * [--format table|json|csv]`: one row per completed run of the suite, oldest first, with the metric's figure and
 * n per target (the same figures as each run's metric summary).
 */
import { defineCommand } from 'citty';
import { EvalgateError } from '../../core/errors.ts';
import { fmtInt, fmtMetric, fmtPct, fmtTime } from '../../report/format.ts';
import { openStore } from '../../store/index.ts';
import { TREND_STATS, type TrendResult, type TrendStat } from '../../store/trend.ts';
import { EXIT, guard } from '../fail.ts';
import { storeArgs } from './store-args.ts';

const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export const trendCommand = defineCommand({
  meta: {
    name: 'trend',
    description: 'One metric of a suite across its stored runs (oldest first): the figure and n per target',
  },
  args: {
    suite: { type: 'positional', description: 'suite name (as in the suite file)', required: true },
    metric: { type: 'string', alias: 'm', description: 'metric, e.g. exact, latency_ms, error_rate' },
    target: { type: 'string', description: 'only this target' },
    stat: { type: 'string', default: 'mean', description: `statistic: ${TREND_STATS.join('|')}` },
    last: { type: 'string', default: '30', description: 'the newest N runs' },
    format: { type: 'string', default: 'table', description: 'table | json | csv' },
    ...storeArgs,
  },
  run: ({ args }) =>
    guard(async () => {
      if (!args.metric) throw new EvalgateError('USAGE', 'trend needs --metric M, e.g. --metric exact');
      const stat = args.stat as TrendStat;
      if (!TREND_STATS.includes(stat))
        throw new EvalgateError(
          'USAGE',
          `--stat expects one of ${TREND_STATS.join(', ')}, got "${args.stat}"`,
        );
      const format = args.format as Format;
      if (!FORMATS.includes(format))
        throw new EvalgateError(
          'USAGE',
          `--format expects one of ${FORMATS.join(', ')}, got "${args.format}"`,
        );
      const last = Number(args.last);
      if (!Number.isInteger(last) || last < 1)
        throw new EvalgateError('USAGE', `--last expects an integer ≥ 1, got "${args.last}"`);
      const store = await openStore(args.db);
      try {
        const trend = await store.trend({
          suiteName: args.suite,
          metric: args.metric,
          stat,
          last,
          ...(args.target ? { target: args.target } : {}),
        });
        process.stdout.write(
          format === 'json'
            ? `${JSON.stringify(trend, null, 2)}\n`
            : format === 'csv'
              ? formatTrendCsv(trend)
              : formatTrendTable(trend),
        );
        return EXIT.ok;
      } finally {
        await store.close();
      }
    }),
});

const DASH = '–';

/** Column names after the run's own: `<target> <stat>` and `<target> n` per target. */
function _header(t: TrendResult, sep: string): string[] {
  return [
    'run_id',
    'started_at',
    'git_commit',
    'prompt_version',
    ...t.targets.flatMap((id) => [`${id}${sep}${t.stat}`, `${id}${sep}n`]),
  ];
}

/** Aligned text table; figures in the metric's unit (pass rates and error rates as percentages). */
export function formatTrendTable(t: TrendResult): string {
  const fmt = (v: number | null) => (t.stat === 'pass_rate' ? fmtPct(v) : fmtMetric(t.metric, v));
  const rows = [
    _header(t, ' '),
    ...t.runs.map((r) => [
      r.runId,
      fmtTime(r.startedAt),
      r.gitCommit ? r.gitCommit.slice(0, 12) : DASH,
      r.promptVersion ?? DASH,
      ...r.points.flatMap((p) => [fmt(p.value), fmtInt(p.n)]),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < 4 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const title = `Trend of ${t.metric} (${t.stat}) in suite ${t.suiteName}: ${t.runs.length} run(s), oldest first\n`;
  return `${title}${rows.map(line).join('\n')}\n`;
}

function _csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV with raw figures (empty when absent) and ISO times. */
export function formatTrendCsv(t: TrendResult): string {
  const rows = [
    _header(t, '.'),
    ...t.runs.map((r) => [
      r.runId,
      r.startedAt.toISOString(),
      r.gitCommit ?? '',
      r.promptVersion ?? '',
      ...r.points.flatMap((p) => [p.value === null ? '' : String(p.value), String(p.n)]),
    ]),
  ];
  return `${rows.map((r) => r.map(_csvCell).join(',')).join('\n')}\n`;
}
