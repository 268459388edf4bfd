/**
 * A Bedrock Prompt Management version is not rendered by evalgate: the case's fields travel as Converse
 * `promptVariables` (`{ name: { text } }`) and Bedrock fills the prompt's `{{name}}` placeholders. Which fields:
 * `bedrock.variables`, else the variables the local prompt file's template reads, else every field of the case
 * except `expected` and `id` (the answer must never reach the model).
 */
import { EvalgateError } from '../core/errors.ts';
import type { EvalCase } from '../core/types.ts';
import type { SuiteIssue } from './issues.ts';
import type { LoadedPrompt } from './prompt-files.ts';
import type { ResolvedDataset } from './suite-files.ts';

const _HIDDEN = new Set(['expected', 'id']);

function _text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The promptVariables of one case (throws DATASET_ROW when the row lacks a named variable). */
export function managedVariables(
  bedrock: NonNullable<LoadedPrompt['bedrock']>,
  evalCase: EvalCase,
  where: string,
): Record<string, string> {
  const names = bedrock.variables ?? Object.keys(evalCase.vars).filter((k) => !_HIDDEN.has(k));
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = evalCase.vars[name];
    if (value === undefined) {
      throw new EvalgateError(
        'DATASET_ROW',
        `cannot fill the prompt variable "${name}" of ${bedrock.arn}: the row has no field ${name}`,
        where,
      );
    }
    out[name] = _text(value);
  }
  return out;
}

/** The request's `prompt` text for a managed version (the report and token estimates read it): `name: value` lines. */
export function describeVariables(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** Every named variable must be a column of every dataset (`id` and `expected` are never sent). */
export function checkManagedVariables(
  prompts: readonly LoadedPrompt[],
  datasets: readonly ResolvedDataset[],
): SuiteIssue[] {
  const issues: SuiteIssue[] = [];
  for (const p of prompts) {
    const b = p.bedrock;
    if (!b?.variables) continue;
    b.variables.forEach((name, k) => {
      const fromFile = b.variablesFrom === 'localFile';
      const path = fromFile ? [...p.path, 'bedrock', 'localFile'] : [...p.path, 'bedrock', 'variables', k];
      const say = (why: string) =>
        issues.push({
          path,
          message: `${fromFile ? 'the prompt file reads ' : ''}variable "${name}": ${why}`,
          code: 'CONFIG_REFERENCE',
        });
      const ds = datasets.find((d) => !d.columns.includes(name));
      if (_HIDDEN.has(name)) say(`${name} is never sent to the model`);
      else if (ds) say(`not a column of ${ds.displayPath}`);
    });
  }
  return issues;
}
