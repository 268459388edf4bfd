/**
 * The file-system side of a suite's prompt versions (`prompt:` or every item of `prompts:`): read each version's
 * `file` and `include` files, and a managed version's local prompt store file (its variables are the default
 * `promptVariables`). Problems are returned as issues with document paths; nothing is thrown.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readManagedPromptFile } from '../prompts/managed-file.ts';
import type { IssuePath, SuiteIssue } from './issues.ts';
import type { PromptVersionSpec, Suite } from './schema.ts';

/** One prompt version, ready to render. */
export interface LoadedPrompt {
  version: string;
  /** Where the version is written: `['prompt']` or `['prompts', i]`. */
  path: IssuePath;
  /** The template text (`template`, or the contents of `file`); empty for a managed version. */
  template: string;
  /** `file` as written, for messages. */
  file?: string;
  system?: string;
  /** `include` name → file text. */
  includes: Record<string, string>;
  /** A Bedrock Prompt Management version: rendered as promptVariables, not as text. */
  bedrock?: {
    arn: string;
    model: string;
    /** Absolute path of the local prompt store file. */
    localFile?: string;
    /** The case fields sent as promptVariables; absent = every field but `expected` and `id`. */
    variables?: string[];
    /** Where `variables` came from, for messages: the suite, or the local file. */
    variablesFrom: 'suite' | 'localFile' | 'fields';
  };
}

async function _readText(path: string): Promise<string | undefined> {
  try {
    return (await stat(path)).isFile() ? await readFile(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

async function _managed(
  p: PromptVersionSpec,
  at: IssuePath,
  dir: string,
  issues: SuiteIssue[],
): Promise<LoadedPrompt['bedrock']> {
  const b = p.bedrock;
  if (!b) return undefined;
  const out: NonNullable<LoadedPrompt['bedrock']> = { arn: b.arn, model: b.model, variablesFrom: 'fields' };
  if (b.variables) Object.assign(out, { variables: b.variables, variablesFrom: 'suite' });
  if (b.localFile === undefined) return out;
  out.localFile = resolve(dir, b.localFile);
  const file = await readManagedPromptFile(out.localFile);
  const where = [...at, 'bedrock', 'localFile'];
  if ('problem' in file) {
    issues.push({
      path: where,
      message: `prompt file ${b.localFile}: ${file.problem}`,
      code: 'CONFIG_REFERENCE',
    });
    return out;
  }
  if (file.model !== undefined && file.model !== b.model) {
    const message = `prompt file ${b.localFile} names model ${file.model}, but bedrock.model is ${b.model}`;
    issues.push({ path: where, message, code: 'CONFIG_REFERENCE' });
  }
  if (!b.variables && file.variables.length > 0)
    Object.assign(out, { variables: file.variables, variablesFrom: 'localFile' });
  return out;
}

type _Display = (abs: string) => string;

async function _one(p: PromptVersionSpec, at: IssuePath, dir: string, show: _Display, issues: SuiteIssue[]) {
  const includes: Record<string, string> = {};
  for (const [key, rel] of Object.entries(p.include ?? {})) {
    const abs = resolve(dir, rel);
    const text = await _readText(abs);
    if (text === undefined)
      issues.push({
        path: [...at, 'include', key],
        message: `include file not found: ${show(abs)}`,
        code: 'CONFIG_REFERENCE',
      });
    else includes[key] = text;
  }
  let template = p.template ?? '';
  if (p.file !== undefined) {
    const abs = resolve(dir, p.file);
    const text = await _readText(abs);
    if (text === undefined)
      issues.push({
        path: [...at, 'file'],
        message: `prompt file not found: ${show(abs)}`,
        code: 'CONFIG_REFERENCE',
      });
    else template = text;
  }
  const bedrock = await _managed(p, at, dir, issues);
  const loaded: LoadedPrompt = { version: p.version, path: at, template, includes };
  if (p.file !== undefined) loaded.file = p.file;
  if (p.system !== undefined) loaded.system = p.system;
  if (bedrock) loaded.bedrock = bedrock;
  return loaded;
}

/** Every prompt version of the suite (`prompts:` in order, else the one `prompt:`), files read. */
export async function resolvePromptFiles(
  suite: Suite,
  dir: string,
  show: _Display,
): Promise<{ prompts: LoadedPrompt[]; issues: SuiteIssue[] }> {
  const issues: SuiteIssue[] = [];
  const specs: { p: PromptVersionSpec; at: IssuePath }[] = suite.prompts
    ? suite.prompts.map((p, i) => ({ p, at: ['prompts', i] }))
    : [{ p: suite.prompt, at: ['prompt'] }];
  const prompts: LoadedPrompt[] = [];
  for (const { p, at } of specs) prompts.push(await _one(p, at, dir, show, issues));
  return { prompts, issues };
}
