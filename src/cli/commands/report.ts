import { defineCommand } from 'citty';
import { parseReportFormat, REPORT_FILES, renderReport, writeReport } from '../../report/index.ts';
import { EXIT, guard } from '../fail.ts';
import { openRun, storeArgs } from './store-args.ts';

export const reportCommand = defineCommand({
  meta: {
    name: 'report',
    description: 'Write the report of a stored run (HTML, JUnit XML, Markdown or JSON)',
  },
  args: {
    run: { type: 'positional', description: 'run id, or latest', required: false },
    ...storeArgs,
    format: { type: 'string', default: 'html', description: 'html, junit, markdown or json' },
    baseline: {
      type: 'string',
      description: 'baseline run id (html): paired comparison and regressed cases side by side',
    },
    out: {
      type: 'string',
      description: 'file to write (default: report.html for html; standard output for the other formats)',
    },
  },
  run: ({ args }) =>
    guard(async () => {
      const format = parseReportFormat(args.format);
      const out = args.out ?? (format === 'html' ? REPORT_FILES.html : undefined);
      const { store, runId } = await openRun(args.db, args.run);
      let text: string | undefined;
      try {
        const verdict = (await store.getVerdict(runId)) ?? undefined;
        const opts = { verdict, ...(args.baseline ? { baseline: args.baseline } : {}) };
        if (out) await writeReport(format, store, runId, out, opts);
        else text = await renderReport(format, store, runId, opts);
      } finally {
        await store.close();
      }
      process.stdout.write(text ?? `Report: ${out}\n`);
      return EXIT.ok;
    }),
});
