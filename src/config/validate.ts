/** Plain data (from YAML) → a typed Suite, or the list of problems with their document paths. */
import { SCORERS } from '../scorers/registry.ts';
import type { ScorerDefinition } from '../scorers/types.ts';
import { fromZodIssues, type SuiteIssue, suiteErrorMap } from './issues.ts';
import { BaseSuiteSchema, type Suite } from './schema.ts';
import { validateScorerItems } from './scorer-items.ts';

export type SuiteValidation = { ok: true; suite: Suite } | { ok: false; issues: SuiteIssue[] };

/** Validate the shape of a suite (schema + registered scorer options). Cross-references are not checked here. */
export function validateSuiteData(
  data: unknown,
  definitions: readonly ScorerDefinition[] = SCORERS,
): SuiteValidation {
  if (data === null || data === undefined) {
    const message = 'the suite is empty (expected a mapping with name, datasets, prompt, targets, scorers)';
    return { ok: false, issues: [{ path: [], message, code: 'CONFIG_SCHEMA' }] };
  }
  const base = BaseSuiteSchema.safeParse(data, { error: suiteErrorMap });
  const scorerData = typeof data === 'object' ? (data as { scorers?: unknown }).scorers : undefined;
  const scorers = validateScorerItems(scorerData, definitions);
  const issues = [...(base.success ? [] : fromZodIssues(base.error.issues)), ...scorers.issues];
  if (!base.success || issues.length > 0) return { ok: false, issues };
  const { prompt, prompts, ...rest } = base.data;
  const first = prompts?.[0];
  if (prompt !== undefined && first !== undefined) {
    const message = 'give either prompt (one version) or prompts (a list of versions), not both';
    return { ok: false, issues: [{ path: ['prompts'], message, code: 'CONFIG_SCHEMA', at: 'key' }] };
  }
  if (prompt === undefined && first === undefined) {
    const message = 'missing required field prompt (or prompts: a list of prompt versions)';
    return { ok: false, issues: [{ path: [], message, code: 'CONFIG_SCHEMA' }] };
  }
  // `prompt` is the first version, so code that knows one prompt keeps working
  const { bedrock: _managed, ...firstPrompt } = first ?? { version: '' };
  const suite: Suite = { ...rest, prompt: prompt ?? firstPrompt, scorers: scorers.options };
  if (prompts) suite.prompts = prompts;
  return { ok: true, suite };
}
