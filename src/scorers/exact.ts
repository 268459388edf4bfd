/** `exact`: the output equals the case's expected answer (after optional trim and case folding). */
import { z } from 'zod';
import { expectedValue, graded, nameField, noOutputText, quote, thresholdField } from './_shared.ts';
import type { ScorerDefinition } from './types.ts';

const optionsSchema = z
  .strictObject({
    type: z.literal('exact'),
    name: nameField.optional(),
    threshold: thresholdField.optional(),
    field: z
      .string()
      .min(1)
      .optional()
      .describe('Case field holding the expected answer: `expected` (default) or any dataset column.'),
    caseSensitive: z.boolean().optional().describe('Compare case-sensitively (default false).'),
    trim: z.boolean().optional().describe('Trim surrounding whitespace of both sides first (default true).'),
  })
  .describe('Output equals the expected answer → 1, else 0.');

export type ExactOptions = z.infer<typeof optionsSchema>;

export const exactScorer: ScorerDefinition<ExactOptions> = {
  type: 'exact',
  description: 'Output equals the expected answer (trimmed, case-insensitive by default).',
  optionsSchema,
  metrics: (o) => [o.name ?? 'exact'],
  create(o) {
    const metric = o.name ?? 'exact';
    const field = o.field ?? 'expected';
    const trim = o.trim ?? true;
    const caseSensitive = o.caseSensitive ?? false;
    const norm = (s: string): string => {
      const t = trim ? s.trim() : s;
      return caseSensitive ? t : t.toLowerCase();
    };
    return {
      name: metric,
      type: 'exact',
      score(evalCase, response) {
        if (response.text === undefined) return [noOutputText(metric, o.threshold)];
        const expected = expectedValue(evalCase, field);
        if (expected === undefined) {
          return [graded(metric, 0, o.threshold, `case has no expected value in field "${field}"`)];
        }
        if (norm(response.text) === norm(expected)) return [graded(metric, 1, o.threshold)];
        return [graded(metric, 0, o.threshold, `expected ${quote(expected)}, got ${quote(response.text)}`)];
      },
    };
  },
};
