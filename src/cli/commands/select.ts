/**
 * `evalgate select RUN|latest [--suite NAME] [--db FILE] [--bar 'contains>=0.8']… [--reference T --margin M
 * --metric X] [--tiers COLUMN] [--json] [--seed N]`: the run's candidates ranked by cost per 1,000 cases, each
 * judged against the bar on its confidence interval, and the cheapest that clears it. Exit 0 when a candidate is
 * recommended, 1 when none clears the bar, 2 on usage errors.
 */
import { defineCommand } from 'citty';
import { EvalgateError } from '../../core/errors.ts';
import { formatRoutingSummaries, routerTargets, routingSummaries } from '../../routing/index.ts';
import {
  formatSelection,
  readSelectInput,
  repeatedFlag,
  resolveBar,
  selectCandidates,
} from '../../select/index.ts';
import { openStore } from '../../store/index.ts';
import { intArg, jsonNumbers } from '../args.ts';
import { EXIT, guard } from '../fail.ts';
import { storeArgs } from './store-args.ts';

export const selectCommand = defineCommand({
  meta: {
    name: 'select',
    description:
      "Rank a run's candidates by cost per 1k cases and recommend the cheapest that clears the quality bar with confidence; exit 0 chosen, 1 none clears",
  },
  args: {
    run: { type: 'positional', description: 'run id, or latest', required: false },
    suite: {
      type: 'string',
      description: 'with latest: the latest run of this suite (name as in the suite file)',
    },
    db: { ...storeArgs.db, alias: 'store' },
    bar: {
      type: 'string',
      description:
        "bar rule METRIC>=X or METRIC<=X (repeatable, or a comma list); replaces the suite's select.bar",
    },
    reference: { type: 'string', description: 'non-inferiority: the reference candidate (target id)' },
    margin: { type: 'string', description: 'non-inferiority: the largest tolerated loss (metric units)' },
    metric: { type: 'string', description: 'non-inferiority: the metric(s), comma list' },
    tiers: {
      type: 'string',
      description: 'dataset column with each case’s workload tier (a choice per tier)',
    },
    json: { type: 'boolean', description: 'print the selection as JSON instead of the table' },
    seed: { type: 'string', default: '1', description: 'bootstrap seed' },
    resamples: { type: 'string', default: '2000', description: 'bootstrap resamples' },
  },
  run: ({ args, rawArgs }) =>
    guard(async () => {
      const seed = intArg(args.seed, '--seed', Number.MIN_SAFE_INTEGER);
      const resamples = intArg(args.resamples, '--resamples', 1);
      const store = await openStore(args.db);
      try {
        const runId = await _runId(store, args.run, args.suite, args.db);
        const run = await store.getRun(runId);
        if (!run) throw new EvalgateError('USAGE', `no run ${runId} in ${args.db}`);
        const bar = resolveBar(run.config, run.suiteFile, {
          bar: repeatedFlag(rawArgs, 'bar'),
          ...(args.reference !== undefined ? { reference: args.reference } : {}),
          ...(args.margin !== undefined ? { margin: args.margin } : {}),
          ...(args.metric !== undefined ? { metric: args.metric } : {}),
          ...(args.tiers !== undefined ? { tiers: args.tiers } : {}),
        });
        const { input } = await readSelectInput(store, runId, bar.tiers ? { tierColumn: bar.tiers } : {});
        const res = selectCandidates(input, bar.bar, { seed, resamples, barSource: bar.source });
        // a routed candidate is also shown against its all-strong baseline (src/routing)
        const routing =
          routerTargets(run.config).length > 0
            ? routingSummaries(run.config, await store.listResults(runId), await store.listScores(runId), {
                seed,
                resamples,
              })
            : [];
        process.stdout.write(
          args.json
            ? `${JSON.stringify({ runId, tierColumn: bar.tiers ?? null, ...res, routing }, jsonNumbers, 2)}\n`
            : `${routing.length ? `${formatRoutingSummaries(routing)}\n\n` : ''}${formatSelection(res, runId)}`,
        );
        return res.overall.recommended === null ? EXIT.rollback : EXIT.ok;
      } finally {
        await store.close();
      }
    }),
});

async function _runId(
  store: Awaited<ReturnType<typeof openStore>>,
  runArg: string | undefined,
  suite: string | undefined,
  db: string,
): Promise<string> {
  if (!runArg || runArg === 'latest') {
    const id = await store.latestRunId(suite);
    if (!id) throw new EvalgateError('USAGE', `no run${suite ? ` of suite ${suite}` : ''} in ${db}`);
    return id;
  }
  const run = await store.getRun(runArg);
  if (!run) throw new EvalgateError('USAGE', `no run ${runArg} in ${db}`);
  if (suite && run.suiteName !== suite)
    throw new EvalgateError('USAGE', `run ${runArg} is of suite ${run.suiteName}, not ${suite}`);
  return runArg;
}
