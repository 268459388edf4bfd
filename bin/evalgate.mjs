#!/usr/bin/env node
// Runs the CLI (src/cli/main.ts) in a child node with the memory settings of a long run — bundled by esbuild, or
// through tsx when the bundle cannot be built. See launch.mjs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bundled, childEnv, NODE_FLAGS, ROOT } from './launch.mjs';

const entry = join(ROOT, 'src/cli/main.ts');
let program;
try {
  program = [await bundled(entry)];
} catch (err) {
  const why = String(err?.message ?? err).split('\n')[0];
  process.stderr.write(`evalgate: running the CLI through tsx (no bundle: ${why})\n`);
  program = ['--import', import.meta.resolve('tsx'), entry];
}
const result = spawnSync(process.execPath, [...NODE_FLAGS, ...program, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: childEnv(),
});
process.exit(result.status ?? 2);
