/** The suite's `select:` block: the quality bar `evalgate select` holds candidates to, and the tier column. */
import { z } from 'zod';

export const SelectBarRuleSchema = z
  .strictObject({
    metric: z.string().min(1).describe('Metric name, e.g. contains, f1, error_rate, latency_ms.'),
    min: z
      .number()
      .optional()
      .describe('Pass when the LOWER bound of the 95 % bootstrap CI of the mean >= min.'),
    max: z
      .number()
      .optional()
      .describe(
        'Pass when the UPPER bound of the 95 % bootstrap CI of the mean <= max (latency, cost, errors).',
      ),
    nonInferiority: z
      .strictObject({
        reference: z
          .string()
          .min(1)
          .describe('Target id of the reference candidate (e.g. the strongest model).'),
        margin: z
          .number()
          .min(0)
          .describe('Largest tolerated loss against the reference, in the metric units.'),
      })
      .optional()
      .describe(
        'Pass when the lower bound of the paired 95 % bootstrap CI of (candidate - reference) > -margin ' +
          '(for lower-is-better metrics: the upper bound < +margin).',
      ),
  })
  .superRefine((r, ctx) => {
    const absolute = r.min !== undefined || r.max !== undefined;
    if (!absolute && !r.nonInferiority)
      ctx.addIssue({ code: 'custom', path: [], message: 'expected min and/or max, or nonInferiority' });
    if (absolute && r.nonInferiority)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'expected one kind of rule per item: min/max or nonInferiority (write two rules)',
      });
  });

export const SelectSchema = z
  .strictObject({
    bar: z
      .array(SelectBarRuleSchema)
      .min(1)
      .describe('Rules every recommended candidate must clear WITH confidence.'),
    tiers: z
      .string()
      .min(1)
      .optional()
      .describe("Dataset column naming each case's workload tier: adds a recommendation per tier."),
  })
  .describe('`evalgate select`: the quality bar and the tier column (CLI flags override both).');

export type SelectBlock = z.output<typeof SelectSchema>;
export type SelectBarRule = z.output<typeof SelectBarRuleSchema>;
