import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EvalgateError } from '../core/errors.ts';

const SUITE_FILE = /\.ya?ml$/;

/** Expands the paths given on the command line (suite files or folders of them) into suite files, sorted. */
export async function discoverSuites(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new EvalgateError('USAGE', `no such suite file or folder: ${path}`);
    if (info.isDirectory()) {
      const entries = (await readdir(path)).filter((f) => SUITE_FILE.test(f)).sort();
      files.push(...entries.map((f) => join(path, f)));
    } else {
      files.push(path);
    }
  }
  if (files.length === 0) throw new EvalgateError('USAGE', `no suite files (*.yaml) in ${paths.join(', ')}`);
  return files;
}
