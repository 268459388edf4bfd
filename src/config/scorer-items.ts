/**
 * `scorers:` items, validated against the scorer registry: first the `type` must be a registered scorer, then
 * the item must match that definition's strict options schema. New scorer types need no change here.
 */
import { z } from 'zod';
import { SCORERS } from '../scorers/registry.ts';
import type { ScorerDefinition } from '../scorers/types.ts';
import { describeValue, fromZodIssues, type SuiteIssue, suiteErrorMap } from './issues.ts';
import type { ScorerOptions } from './schema.ts';

function _isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validate every item of a raw `scorers:` list. Non-mapping items and a non-list are left to the base schema
 * (it reports them); this reports unknown types and option problems, with paths from the suite root.
 */
export function validateScorerItems(
  raw: unknown,
  definitions: readonly ScorerDefinition[] = SCORERS,
): { options: ScorerOptions[]; issues: SuiteIssue[] } {
  const options: ScorerOptions[] = [];
  const issues: SuiteIssue[] = [];
  if (!Array.isArray(raw)) return { options, issues };
  const known = definitions.map((d) => d.type).join(', ');
  raw.forEach((item, index) => {
    if (!_isMapping(item)) return;
    const type = item.type;
    if (type === undefined) {
      issues.push({
        path: ['scorers', index, 'type'],
        message: `missing required field (expected one of ${known})`,
        code: 'CONFIG_SCHEMA',
      });
      return;
    }
    if (typeof type !== 'string') {
      issues.push({
        path: ['scorers', index, 'type'],
        message: `expected a scorer type (one of ${known}), got ${describeValue(type)}`,
        code: 'CONFIG_SCHEMA',
      });
      return;
    }
    const definition = definitions.find((d) => d.type === type);
    if (!definition) {
      issues.push({
        path: ['scorers', index, 'type'],
        message: `unknown scorer "${type}" (known: ${known})`,
        code: 'CONFIG_REFERENCE',
      });
      return;
    }
    const parsed = definition.optionsSchema.safeParse(item, { error: suiteErrorMap });
    if (parsed.success) options.push(parsed.data as ScorerOptions);
    else issues.push(...fromZodIssues(parsed.error.issues, ['scorers', index]));
  });
  return { options, issues };
}

/** JSON Schema form of one `scorers:` item: any of the registered definitions' option schemas. */
export function scorerItemJsonSchemaForm(definitions: readonly ScorerDefinition[] = SCORERS): z.ZodType {
  const schemas = definitions.map((d) => d.optionsSchema);
  const [first, second, ...rest] = schemas;
  if (!first) return z.looseObject({ type: z.string() });
  if (!second) return first;
  return z.union([first, second, ...rest]);
}
