#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (no build step).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(
  process.execPath,
  ['--import', import.meta.resolve('tsx'), join(root, 'src/cli/main.ts'), ...process.argv.slice(2)],
  // glibc: two malloc arenas instead of one per thread keep DuckDB's freed memory from piling up per thread
  // (about 7 % less peak RSS on a long run; bench/rss.ts runs its child the same way)
  { stdio: 'inherit', env: { MALLOC_ARENA_MAX: '2', ...process.env } },
);
process.exit(result.status ?? 2);
