import { writeFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import { compareRuns, formatComparison } from '../../compare/index.ts';
import { openStore } from '../../store/index.ts';
import { intArg, jsonNumbers } from '../args.ts';
import { EXIT, guard } from '../fail.ts';
import { storeArgs } from './store-args.ts';

export const compareCommand = defineCommand({
  meta: {
    name: 'compare',
    description:
      'Compare two stored runs case by case: means, paired difference with bootstrap CI, McNemar, regressed cases',
  },
  args: {
    baseline: { type: 'positional', description: 'baseline run id (or latest)', required: true },
    candidate: { type: 'positional', description: 'candidate run id (or latest)', required: true },
    ...storeArgs,
    target: { type: 'string', description: 'compare only this target (same id in both runs)' },
    'baseline-target': { type: 'string', description: 'target of the baseline run to compare' },
    'candidate-target': { type: 'string', description: 'target of the candidate run to compare' },
    seed: { type: 'string', default: '1', description: 'bootstrap seed' },
    resamples: { type: 'string', default: '2000', description: 'bootstrap resamples' },
    json: { type: 'string', description: 'also write the full comparison as JSON to this file' },
  },
  run: ({ args }) =>
    guard(async () => {
      const seed = intArg(args.seed, '--seed', Number.MIN_SAFE_INTEGER);
      const resamples = intArg(args.resamples, '--resamples', 1);
      const store = await openStore(args.db);
      try {
        const latest = await store.latestRunId();
        const id = (arg: string) => (arg === 'latest' ? (latest ?? arg) : arg);
        const cmp = await compareRuns(store, id(args.baseline), id(args.candidate), {
          seed,
          resamples,
          ...(args.target ? { target: args.target } : {}),
          ...(args['baseline-target'] ? { baselineTarget: args['baseline-target'] } : {}),
          ...(args['candidate-target'] ? { candidateTarget: args['candidate-target'] } : {}),
        });
        process.stdout.write(formatComparison(cmp));
        if (args.json) {
          await writeFile(args.json, `${JSON.stringify(cmp, jsonNumbers, 2)}\n`);
          process.stdout.write(`\nComparison JSON: ${args.json}\n`);
        }
        return EXIT.ok;
      } finally {
        await store.close();
      }
    }),
});
