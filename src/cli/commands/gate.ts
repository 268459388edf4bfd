import { writeFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import type { Suite } from '../../config/index.ts';
import { EvalgateError } from '../../core/errors.ts';
import { verdictExitCode } from '../../gate/exit-code.ts';
import { evaluateGate, type Verdict } from '../../gate/index.ts';
import { guard } from '../fail.ts';
import { loadVerdictOf } from './load-gate-args.ts';
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
    load: {
      type: 'string',
      description:
        "also judge this load run (id, or latest) by its profile's gate rules, in the same verdict",
    },
    'load-baseline': {
      type: 'string',
      description: 'baseline load run for maxRatioToBaseline rules (id, latest, or promoted)',
    },
  },
  run: ({ args }) =>
    guard(async () => {
      const { store, runId } = await openRun(args.db, args.run);
      try {
        const run = await store.getRun(runId);
        const policy = (run?.config as Partial<Suite> | undefined)?.gate;
        if (!policy && !args.load)
          throw new EvalgateError('GATE', `run ${runId}: its suite has no gate policy`);
        const quality: Verdict | undefined = policy
          ? evaluateGate(policy, { runId, summaries: await store.metricSummary(runId) })
          : undefined;
        const both = args.load
          ? await loadVerdictOf(store, args.load, args['load-baseline'], quality, runId)
          : undefined;
        const verdict = both?.merged ?? (quality as Verdict);
        if (both) await store.saveVerdict(both.load.runId, both.load);
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
