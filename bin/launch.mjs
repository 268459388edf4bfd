// How a long-running evalgate node is started — by bin/evalgate.mjs for the CLI and by bench/rss.ts for its measured
// child, so the two stay in step:
// - the TypeScript entry is bundled once with esbuild into node_modules/.cache/evalgate/ and rebuilt when one of its
//   source files changes, so the run needs no tsx loader thread and no in-memory source maps (−30 MB RSS);
// - MALLOC_ARENA_MAX=2: two glibc malloc arenas instead of one per thread (Node's own allocations);
// - DUCKDB_JE_MALLOC_CONF: DuckDB's bundled jemalloc hands freed pages back at once instead of keeping them dirty
//   for seconds, which over a 100,000-case run held tens of MB the store no longer used;
// - --max-semi-space-size=2: a 2 MB young generation instead of 16 MB, no slower for the runner.
// Figures: the README's bench section (`pnpm bench rss`).
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE_FLAGS = ['--max-semi-space-size=2'];
const CACHE = join(ROOT, 'node_modules', '.cache', 'evalgate');

/** The environment of the child node: the settings above, unless the caller's environment sets them. */
export function childEnv(env = process.env) {
  return { MALLOC_ARENA_MAX: '2', DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:0,muzzy_decay_ms:0', ...env };
}

/**
 * The bundle of `entry` (a .ts file under the project root), built if missing or older than any of its sources.
 * Throws when esbuild is missing or the build fails (the caller falls back to tsx).
 */
export async function bundled(entry) {
  const name = relative(ROOT, entry).replace(/[\\/]/g, '_').replace(/\.ts$/, '');
  const out = join(CACHE, `${name}.mjs`);
  const inputsFile = join(CACHE, `${name}.inputs.json`);
  if (await _fresh(inputsFile)) return out;
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    outfile: out,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
    plugins: [_sourceUrls],
  });
  await mkdir(CACHE, { recursive: true });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    const s = await stat(join(ROOT, file));
    inputs[file] = `${s.mtimeMs}:${s.size}`;
  }
  // written to a temporary name and renamed, so two CLIs starting at once never read half a bundle
  const tmp = `${out}.${process.pid}.tmp`;
  await writeFile(tmp, result.outputFiles[0].contents);
  await rename(tmp, out);
  await writeFile(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs));
  await rename(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  return out;
}

/** True when the bundle's recorded sources all still have the size and mtime they were built from. */
async function _fresh(inputsFile) {
  let inputs;
  try {
    inputs = JSON.parse(await readFile(inputsFile, 'utf8'));
  } catch {
    return false;
  }
  for (const [file, mark] of Object.entries(inputs)) {
    try {
      const s = await stat(join(ROOT, file));
      if (`${s.mtimeMs}:${s.size}` !== mark) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Each source keeps its own `import.meta.url` (files next to a module — prices, judges, templates — are found
 * from it), written into the bundle as that file's URL.
 */
const _sourceUrls = {
  name: 'source-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};
