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
  return { ok: true, suite: { ...base.data, scorers: scorers.options } };
}
