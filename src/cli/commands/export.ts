/**
 * `evalgate export --parquet DIR [--run ID,ID|latest] [--location s3://bucket/prefix] [--db FILE]`: the store's
 * tables as Parquet for Athena (src/store/export-parquet.ts), printed as one line per file.
 */
import { relative } from 'node:path';
import { defineCommand } from 'citty';
import { EvalgateError } from '../../core/errors.ts';
import { exportParquet } from '../../store/export-parquet.ts';
import { openStore } from '../../store/index.ts';
import { EXIT, guard } from '../fail.ts';
import { storeArgs } from './store-args.ts';

export const exportCommand = defineCommand({
  meta: { name: 'export', description: 'Export the DuckDB tables as Parquet files (for Athena)' },
  args: {
    ...storeArgs,
    parquet: { type: 'string', description: 'folder to write (one sub-folder per table)', required: true },
    run: {
      type: 'string',
      description: 'only these runs (comma-separated ids, or `latest`): one file per run and table',
    },
    location: {
      type: 'string',
      description: 'S3 prefix the tables will live under, for the CREATE EXTERNAL TABLE statements',
    },
  },
  run: ({ args }) =>
    guard(async () => {
      if (!args.parquet) throw new EvalgateError('USAGE', '--parquet needs a folder');
      await using store = await openStore(args.db);
      const runIds: string[] = [];
      for (const id of (args.run ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const resolved = id === 'latest' ? await store.latestRunId() : id;
        if (!resolved) throw new EvalgateError('USAGE', `no run latest in ${args.db}`);
        runIds.push(resolved);
      }
      const opts = { runIds, ...(args.location ? { location: args.location } : {}) };
      const exported = await store.withConnection((c) => exportParquet(c, args.parquet, opts));
      for (const t of exported.tables) {
        for (const f of t.files)
          process.stdout.write(`${t.table}: ${relative('.', f.path)} (${f.rows} rows)\n`);
      }
      process.stdout.write(`Athena DDL: ${relative('.', exported.ddlPath)}\n`);
      return EXIT.ok;
    }),
});
