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
import type { LoadedPrompt } from './prompt-files.ts';
import { expandPromptMatrix } from './prompt-matrix.ts';
import { checkManagedVariables } from './prompt-variables.ts';
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
  /** `prompt.include` name → file text (of the first version). */
  includes: Record<string, string>;
  /** The prompt template text (`prompt.template`, or the contents of `prompt.file`); of the first version. */
  template: string;
  /** Every prompt version with its template text and includes (one for a `prompt:` suite). */
  prompts: LoadedPrompt[];
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

/** A handlebars template of the suite, where it sits in the document, how to name it, the includes it sees. */
interface _Template {
  path: IssuePath;
  source: string;
  label: string;
  includes: Record<string, string>;
}

/** Every handlebars template of the suite (each prompt version's, the targets' systems, contains values). */
function _templates(suite: Suite, files: SuiteFiles): _Template[] {
  const out: _Template[] = [];
  for (const p of files.prompts) {
    if (p.bedrock) continue;
    const path = p.file === undefined ? [...p.path, 'template'] : [...p.path, 'file'];
    const label = p.file === undefined ? '' : `in ${p.file}: `;
    out.push({ path, source: p.template, label, includes: p.includes });
    if (p.system !== undefined)
      out.push({ path: [...p.path, 'system'], source: p.system, label: '', includes: p.includes });
  }
  // a target's system replaces the prompt's: it sees the includes of the version(s) it renders
  const includesOf = (version: string | undefined) =>
    files.prompts.find((p) => p.version === version)?.includes ?? files.includes;
  suite.targets.forEach((t, i) => {
    if (t.system !== undefined)
      out.push({
        path: ['targets', i, 'system'],
        source: t.system,
        label: '',
        includes: includesOf(t.promptVersion),
      });
  });
  suite.scorers.forEach((s, i) => {
    if (s.type === 'contains' && typeof s.value === 'string') {
      out.push({ path: ['scorers', i, 'value'], source: s.value, label: '', includes: files.includes });
    }
  });
  return out;
}

/** Template variables must exist in every dataset: include names, columns, `expected` and `id`. */
function _checkTemplates(suite: Suite, files: SuiteFiles): SuiteIssue[] {
  const issues: SuiteIssue[] = [];
  for (const { path, source, label, includes } of _templates(suite, files)) {
    for (const ds of files.datasets) {
      const allowed = new Set([...Object.keys(includes), ...ds.columns, 'expected', 'id']);
      const problem = checkTemplate(source, allowed, `not a column of ${ds.displayPath} nor an include`);
      if (problem !== undefined) {
        issues.push({ path, message: `${label}${problem}`, code: 'CONFIG_REFERENCE' });
        break;
      }
    }
  }
  return [...issues, ...checkManagedVariables(files.prompts, files.datasets)];
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
  // sweeps, then the prompts × targets matrix, expand into targets before cross-references, so gate rules may
  // name the expanded ids (`rag.size200`, `nova-lite@1.1.0`)
  const swept = expandSweeps(validation.suite, (src.data as { targets?: unknown }).targets);
  _throwFirst(src, swept.issues);
  const expansion = expandPromptMatrix(swept.suite, swept.origins);
  _throwFirst(src, expansion.issues); // their paths already name the targets as written
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
