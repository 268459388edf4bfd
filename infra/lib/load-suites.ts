/**
 * Loads the suites the jobs run, as `evalgate run` names them: files, or folders whose top-level `*.yaml` /
 * `*.yml` files are suites (sub-folders such as `suites/policies/` are not). Paths are relative to the repo root.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type LoadedSuite, loadSuite } from '../../src/config/load-suite.ts';
import { EvalgateError } from '../../src/core/errors.ts';

/** The suite files `paths` name (folders expanded, sorted), absolute. */
export function suiteFiles(repoRoot: string, paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(repoRoot, p);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new EvalgateError('USAGE', 'suite file or folder not found', p);
    }
    if (!isDir) out.push(abs);
    else
      out.push(
        ...readdirSync(abs)
          .filter((f) => /\.ya?ml$/.test(f))
          .sort()
          .map((f) => join(abs, f)),
      );
  }
  return [...new Set(out)];
}

export async function loadSuites(repoRoot: string, paths: readonly string[]): Promise<LoadedSuite[]> {
  const loaded: LoadedSuite[] = [];
  for (const file of suiteFiles(repoRoot, paths)) loaded.push(await loadSuite(file));
  return loaded;
}
