/**
 * The file-system side of loading a suite: resolve paths relative to the suite file, read `include` files and
 * the prompt `file`, check that datasets and scorer schema files exist, read dataset columns.
 */
import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { readDatasetColumns } from '../datasets/columns.ts';
import type { SuiteIssue } from './issues.ts';
import { type LoadedPrompt, resolvePromptFiles } from './prompt-files.ts';
import type { Suite } from './schema.ts';

export interface ResolvedDataset {
  /** Absolute path. */
  path: string;
  /** Path relative to the current directory, for messages and generated case ids. */
  displayPath: string;
  onBadRow: 'skip' | 'fail';
  limit?: number;
  /** CSV header / first JSONL object's keys. */
  columns: string[];
}

export interface SuiteFiles {
  includes: Record<string, string>;
  /** The prompt template text (`prompt.template`, or the contents of `prompt.file`). */
  template: string;
  /** Every prompt version (the one `prompt:`, or each of `prompts:`), files read. */
  prompts: LoadedPrompt[];
  datasets: ResolvedDataset[];
}

/** `relative(cwd, abs)` with forward slashes. */
export function displayPathOf(abs: string): string {
  const rel = relative(process.cwd(), abs) || abs;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

async function _isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Read and check every file a suite names. Problems are returned as issues; nothing is thrown. */
export async function resolveSuiteFiles(
  suite: Suite,
  dir: string,
): Promise<{ files: SuiteFiles; issues: SuiteIssue[] }> {
  const issues: SuiteIssue[] = [];
  const missing = (path: (string | number)[], what: string, abs: string) =>
    issues.push({ path, message: `${what} not found: ${displayPathOf(abs)}`, code: 'CONFIG_REFERENCE' });

  const datasets: ResolvedDataset[] = [];
  for (const [i, ds] of suite.datasets.entries()) {
    const abs = resolve(dir, ds.path);
    const displayPath = displayPathOf(abs);
    if (!(await _isFile(abs))) {
      missing(['datasets', i, 'path'], 'dataset file', abs);
      continue;
    }
    try {
      const columns = await readDatasetColumns(abs, displayPath);
      datasets.push({ path: abs, displayPath, onBadRow: ds.onBadRow, limit: ds.limit, columns });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      issues.push({ path: ['datasets', i, 'path'], message, code: 'DATASET_FILE' });
    }
  }

  const loaded = await resolvePromptFiles(suite, dir, displayPathOf);
  issues.push(...loaded.issues);
  const first = loaded.prompts[0];

  for (const [i, scorer] of suite.scorers.entries()) {
    if (typeof scorer.schemaFile !== 'string') continue;
    const abs = resolve(dir, scorer.schemaFile);
    if (!(await _isFile(abs))) missing(['scorers', i, 'schemaFile'], 'schema file', abs);
  }
  return {
    files: {
      includes: first?.includes ?? {},
      template: first?.template ?? '',
      prompts: loaded.prompts,
      datasets,
    },
    issues,
  };
}
