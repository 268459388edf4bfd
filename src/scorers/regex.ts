/** `regex`: the output matches a regular expression. */
import { z } from 'zod';
import { EvalgateError } from '../core/errors.ts';
import { graded, nameField, noOutputText, quote, thresholdField } from './_shared.ts';
import type { ScorerDefinition } from './types.ts';

/** The message of the SyntaxError `new RegExp(pattern, flags)` throws, or undefined when it compiles. */
export function regexProblem(pattern: string, flags: string | undefined): string | undefined {
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const optionsSchema = z
  .strictObject({
    type: z.literal('regex'),
    name: nameField.optional(),
    threshold: thresholdField.optional(),
    pattern: z.string().min(1).describe('JavaScript regular expression source, e.g. "^\\\\d+ days$".'),
    flags: z
      .string()
      .regex(/^[dgimsuvy]*$/, 'only the flags d g i m s u v y are allowed')
      .optional()
      .describe('RegExp flags, e.g. "i" for case-insensitive (default none).'),
  })
  .superRefine((o, ctx) => {
    const problem = regexProblem(o.pattern, o.flags);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
  })
  .describe('Output matches the regular expression → 1, else 0.');

export type RegexOptions = z.infer<typeof optionsSchema>;

export const regexScorer: ScorerDefinition<RegexOptions> = {
  type: 'regex',
  description: 'Output matches a regular expression.',
  optionsSchema,
  metrics: (o) => [o.name ?? 'regex'],
  create(o) {
    const metric = o.name ?? 'regex';
    const problem = regexProblem(o.pattern, o.flags);
    if (problem !== undefined) throw new EvalgateError('CONFIG_SCHEMA', `scorer "${metric}": ${problem}`);
    const re = new RegExp(o.pattern, o.flags);
    return {
      name: metric,
      type: 'regex',
      score(_evalCase, response) {
        if (response.text === undefined) return [noOutputText(metric, o.threshold)];
        re.lastIndex = 0; // `g` and `y` make test() stateful
        if (re.test(response.text)) return [graded(metric, 1, o.threshold)];
        return [
          graded(
            metric,
            0,
            o.threshold,
            `output ${quote(response.text)} does not match /${o.pattern}/${o.flags ?? ''}`,
          ),
        ];
      },
    };
  },
};
