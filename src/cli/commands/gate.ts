import { writeFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import type { Suite } from '../../config/index.ts';
import { EvalgateError } from '../../core/errors.ts';
import { verdictExitCode } from '../../gate/exit-code.ts';
import { evaluateGate } from '../../gate/index.ts';
import { guard } from '../fail.ts';
import { openRun, storeArgs } from './store-args.ts';

export const gateCommand = defineCommand({
  meta: {
    name: 'gate',
    description: "Apply a run's gate policy; exit 0 promote, 1 rollback, 2 could not evaluate",
  },
  args: {
    run: { type: 'positional', description: 'run id, or latest', required: false },
    ...storeArgs,
    out: { type: 'string', description: 'also write the verdict JSON to this file' },
  },
  run: ({ args }) =>
    guard(async () => {
      const { store, runId } = await openRun(args.db, args.run);
      try {
        const run = await store.getRun(runId);
        const policy = (run?.config as Partial<Suite> | undefined)?.gate;
        if (!policy) throw new EvalgateError('GATE', `run ${runId}: its suite has no gate policy`);
        const verdict = evaluateGate(policy, { runId, summaries: await store.metricSummary(runId) });
        await store.saveVerdict(runId, verdict);
        const json = `${JSON.stringify(verdict, null, 2)}\n`;
        process.stdout.write(json);
        if (args.out) await writeFile(args.out, json);
        return verdictExitCode(verdict);
      } finally {
        await store.close();
      }
    }),
});
