/** The suite format as JSON Schema (for editors: `# yaml-language-server: $schema=…`). */
import { z } from 'zod';
import { SCORERS } from '../scorers/registry.ts';
import type { ScorerDefinition } from '../scorers/types.ts';
import { suiteShape } from './schema.ts';
import { scorerItemJsonSchemaForm } from './scorer-items.ts';

/** JSON Schema (draft 2020-12) of a suite file, with every registered scorer's options. */
export function exportSuiteJsonSchema(definitions: readonly ScorerDefinition[] = SCORERS): object {
  const schema = z
    .strictObject(suiteShape(scorerItemJsonSchemaForm(definitions)))
    .describe('An evalgate suite: datasets × prompt × targets, graded by scorers, with an optional gate.');
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...json, title: 'evalgate suite' };
}
