import { defineCommand } from 'citty';
import { writeHtmlReport } from '../../report/index.ts';
import { EXIT, guard } from '../fail.ts';
import { openRun, storeArgs } from './store-args.ts';

export const reportCommand = defineCommand({
  meta: { name: 'report', description: 'Write the HTML report of a stored run' },
  args: {
    run: { type: 'positional', description: 'run id, or latest', required: false },
    ...storeArgs,
    out: { type: 'string', default: 'report.html', description: 'HTML file to write' },
  },
  run: ({ args }) =>
    guard(async () => {
      const { store, runId } = await openRun(args.db, args.run);
      try {
        const verdict = (await store.getVerdict(runId)) ?? undefined;
        await writeHtmlReport(store, runId, args.out, { verdict });
      } finally {
        await store.close();
      }
      process.stdout.write(`Report: ${args.out}\n`);
      return EXIT.ok;
    }),
});
