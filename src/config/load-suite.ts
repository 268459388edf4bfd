/**
 * loadSuite: read a suite YAML file, validate it (shape, cross-references, files, template variables) and
 * return it ready to plan. Every problem becomes ONE-line EvalgateError `file:line:col: path: what`.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EvalgateError } from '../core/errors.ts';
import { SCORERS } from '../scorers/registry.ts';
import type { ScorerDefinition } from '../scorers/types.ts';
import { throwFirstIssue } from './first-issue.ts';
import type { IssuePath, SuiteIssue } from './issues.ts';
import { validateSuiteReferences } from './references.ts';
import type { Suite } from './schema.ts';
import { displayPathOf, type ResolvedDataset, resolveSuiteFiles, type SuiteFiles } from './suite-files.ts';
import { expandSweeps, remapTargetIssues } from './sweep.ts';
import { checkTemplate } from './template-vars.ts';
import { validateSuiteData } from './validate.ts';
import { parseYamlSource, type YamlSource } from './yaml-source.ts';

export interface LoadedSuite {
  /** Absolute path of the suite file. */
  file: string;
  /** Absolute directory of the suite file (relative paths in the suite resolve against it). */
  dir: string;
  /** The suite file relative to the current directory, for messages. */
  displayPath: string;
  /** The validated suite, defaults applied; paths as written in the file. */
  suite: Suite;
  /** sha256 (hex) of the suite file text. */
  hash: string;
  /** `prompt.include` name → file text. */
  includes: Record<string, string>;
  /** The prompt template text (`prompt.template`, or the contents of `prompt.file`). */
  template: string;
  /** `suite.datasets`, resolved: absolute path, display path, columns. */
  datasets: ResolvedDataset[];
  /** A path as written in the suite → absolute path and the display path (relative to cwd). */
  datasetPaths(path: string): { absolute: string; display: string };
}

export interface LoadSuiteOptions {
  /** Model ids that exist (local backend); without it any Bedrock-shaped model id is accepted. */
  knownModels?: Set<string>;
  /** Scorer definitions to validate `scorers:` against (default: the registry). */
  scorers?: readonly ScorerDefinition[];
}

/** Throw the issue that comes first in the document (by line, then column); no-op when there is none. */
function _throwFirst(src: YamlSource, issues: readonly SuiteIssue[]): void {
  if (issues.length > 0) throwFirstIssue(src, issues);
}

/** Every handlebars template of the suite, where it sits in the document, and how to name it. */
function _templates(suite: Suite, files: SuiteFiles): { path: IssuePath; source: string; label: string }[] {
  const out: { path: IssuePath; source: string; label: string }[] = [];
  const promptPath = suite.prompt.file === undefined ? ['prompt', 'template'] : ['prompt', 'file'];
  const label = suite.prompt.file === undefined ? '' : `in ${suite.prompt.file}: `;
  out.push({ path: promptPath, source: files.template, label });
  if (suite.prompt.system !== undefined)
    out.push({ path: ['prompt', 'system'], source: suite.prompt.system, label: '' });
  suite.targets.forEach((t, i) => {
    if (t.system !== undefined) out.push({ path: ['targets', i, 'system'], source: t.system, label: '' });
  });
  suite.scorers.forEach((s, i) => {
    if (s.type === 'contains' && typeof s.value === 'string') {
      out.push({ path: ['scorers', i, 'value'], source: s.value, label: '' });
    }
  });
  return out;
}

/** Template variables must exist in every dataset: include names, columns, `expected` and `id`. */
function _checkTemplates(suite: Suite, files: SuiteFiles): SuiteIssue[] {
  const issues: SuiteIssue[] = [];
  for (const { path, source, label } of _templates(suite, files)) {
    for (const ds of files.datasets) {
      const allowed = new Set([...Object.keys(files.includes), ...ds.columns, 'expected', 'id']);
      const problem = checkTemplate(source, allowed, `not a column of ${ds.displayPath} nor an include`);
      if (problem !== undefined) {
        issues.push({ path, message: `${label}${problem}`, code: 'CONFIG_REFERENCE' });
        break;
      }
    }
  }
  return issues;
}

async function _readSuiteText(abs: string, displayFile: string): Promise<string> {
  try {
    return await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'suite file not found' : `cannot read the suite file (${code ?? String(err)})`;
    throw new EvalgateError('USAGE', why, displayFile);
  }
}

/** Load and fully validate a suite file. Throws EvalgateError (one line, `file:line:col: …`) on any problem. */
export async function loadSuite(file: string, opts: LoadSuiteOptions = {}): Promise<LoadedSuite> {
  const abs = resolve(file);
  const dir = dirname(abs);
  const displayFile = displayPathOf(abs);
  const text = await _readSuiteText(abs, displayFile);
  const src = parseYamlSource(text, displayFile);

  const validation = validateSuiteData(src.data, opts.scorers ?? SCORERS);
  if (!validation.ok) throwFirstIssue(src, validation.issues);
  // sweeps expand into targets before cross-references, so gate rules may name the expanded ids
  const expansion = expandSweeps(validation.suite, (src.data as { targets?: unknown }).targets);
  _throwFirst(src, expansion.issues);
  const suite = expansion.suite;
  const inFile = (issues: readonly SuiteIssue[]) => remapTargetIssues(issues, expansion.origins);
  _throwFirst(src, inFile(validateSuiteReferences(suite, { knownModels: opts.knownModels })));

  const { files, issues } = await resolveSuiteFiles(suite, dir);
  _throwFirst(src, issues);
  _throwFirst(src, inFile(_checkTemplates(suite, files)));

  const hash = createHash('sha256').update(text).digest('hex');
  const datasetPaths = (path: string) => {
    const absolute = resolve(dir, path);
    return { absolute, display: displayPathOf(absolute) };
  };
  return { file: abs, dir, displayPath: displayFile, suite, hash, ...files, datasetPaths };
}
