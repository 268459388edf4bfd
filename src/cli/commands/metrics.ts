/**
 * `evalgate metrics --qrels FILE --run FILE -m P.5,10 -m map [-q] [-c] [--dedupe]`: trec_eval's measures over
 * TREC qrels and run files, printed as trec_eval prints them (`measure<TAB>query<TAB>value`, `all` = mean).
 * citty keeps only the last of repeated flags, so `-m` is read from the raw arguments here.
 */
import { defineCommand } from 'citty';
import { EvalgateError } from '../../core/errors.ts';
import { parseMeasures, readQrels, readRun } from '../../scorers/retrieval/trec.ts';
import { formatTrecRows, trecEval } from '../../scorers/retrieval/trec-eval.ts';
import { EXIT, guard } from '../fail.ts';

/** Every `-m`/`--measure` value in raw arguments: `-m X`, `-mX`, `-m=X`, `--measure X`, `--measure=X`. */
export function measureArgs(rawArgs: readonly string[]): string[] {
  const specs: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const a = rawArgs[i] ?? '';
    if (a === '--') break;
    if (a === '-m' || a === '--measure') {
      const next = rawArgs[i + 1];
      if (next === undefined || next.startsWith('-'))
        throw new EvalgateError('USAGE', `${a} expects a measure, e.g. ${a} P.5,10`);
      specs.push(next);
      i++;
    } else if (a.startsWith('--measure=')) specs.push(a.slice('--measure='.length));
    else if (a.startsWith('-m=')) specs.push(a.slice(3));
    else if (a.startsWith('-m') && !a.startsWith('--')) specs.push(a.slice(2));
  }
  return specs;
}

export const metricsCommand = defineCommand({
  meta: {
    name: 'metrics',
    description: "trec_eval's P, recall, success, recip_rank, ndcg_cut and map over TREC qrels and run files",
  },
  args: {
    qrels: { type: 'string', description: 'TREC qrels file: qid iter docno rel' },
    run: { type: 'string', description: 'TREC run file: qid Q0 docno rank score tag' },
    measure: {
      type: 'string',
      alias: 'm',
      description: 'measure[.cutoffs], repeatable: P.5,10 recall.5,10 success.1,5 ndcg_cut.10 recip_rank map',
    },
    query: { type: 'boolean', alias: 'q', description: 'also print one row per query (trec_eval -q)' },
    complete: {
      type: 'boolean',
      alias: 'c',
      description: 'average over every judged query; queries missing from the run add 0 (trec_eval -c)',
    },
    dedupe: {
      type: 'boolean',
      description:
        "keep each query's best-ranked line of a docno listed twice (trec_eval refuses duplicates)",
    },
  },
  run: ({ args, rawArgs }) =>
    guard(async () => {
      if (!args.qrels || !args.run)
        throw new EvalgateError('USAGE', 'metrics needs --qrels FILE and --run FILE');
      const specs = measureArgs(rawArgs);
      if (specs.length === 0)
        throw new EvalgateError('USAGE', 'metrics needs at least one -m measure, e.g. -m P.5,10 -m map');
      const measures = parseMeasures(specs);
      const qrels = await readQrels(args.qrels);
      const run = await readRun(args.run, { dedupe: args.dedupe === true });
      if (run.dropped > 0)
        process.stderr.write(`evalgate: --dedupe dropped ${run.dropped} duplicate line(s) of ${args.run}\n`);
      const rows = trecEval(qrels, run, measures, {
        perQuery: args.query === true,
        complete: args.complete === true,
      });
      process.stdout.write(formatTrecRows(rows));
      return EXIT.ok;
    }),
});
