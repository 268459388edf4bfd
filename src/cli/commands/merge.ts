/**
 * `evalgate merge SHARD.duckdb… [--db FILE] [--run-id ID]`: joins the stores of `evalgate run --shard i/n` into
 * one run of --db (src/store/merge.ts); idempotent. Gate and report the merged run as any other
 * (`evalgate gate RUN`, `evalgate report RUN`).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineCommand } from 'citty';
import { EvalgateError } from '../../core/errors.ts';
import { openStore } from '../../store/index.ts';
import { mergeShards } from '../../store/merge.ts';
import { EXIT, guard } from '../fail.ts';
import { storeArgs } from './store-args.ts';

export const mergeCommand = defineCommand({
  meta: { name: 'merge', description: 'Merge shard DuckDB files (evalgate run --shard i/n) into one run' },
  args: {
    shards: { type: 'positional', description: 'shard DuckDB files', required: true },
    ...storeArgs,
    'run-id': {
      type: 'string',
      description: "merged run id (default: the shards' run id when they share one, else derived from them)",
    },
  },
  run: ({ args }) =>
    guard(async () => {
      const files = args._.map((f) => resolve(f));
      if (files.includes(resolve(args.db)))
        throw new EvalgateError('USAGE', `--db ${args.db} is also a shard file; merge into another file`);
      for (const f of files) {
        if (!existsSync(f)) throw new EvalgateError('USAGE', 'shard file not found', f);
        // brings each shard file to the current schema first (same columns as the merged store)
        await (await openStore(f)).close();
      }
      await using store = await openStore(args.db);
      const merged = await store.withConnection((c) =>
        mergeShards(c, files, args['run-id'] ? { runId: args['run-id'] } : {}),
      );
      for (const s of merged.shards) {
        process.stdout.write(
          `shard ${s.label}: run ${s.runId}, ${s.results} results and ${s.scores} scores added\n`,
        );
      }
      const c = merged.counts;
      process.stdout.write(
        `merged run ${merged.runId} (${merged.suiteName}, ${merged.status}): ${c.cases ?? 0} cases, ${c.calls ?? 0} calls, ${c.ok ?? 0} ok, ${c.errors ?? 0} errors\n`,
      );
      return EXIT.ok;
    }),
});
