/** The gate policy's schema: rules (absolute, non-inferiority, ratio) and the canary stages. */
import { z } from 'zod';

export const GATE_STATS = ['mean', 'pass_rate', 'p50', 'p90', 'p95', 'p99', 'max', 'min', 'sum'] as const;

export const GateRuleSchema = z
  .strictObject({
    metric: z.string().min(1).describe('Metric name, e.g. contains, error_rate, latency_ms, cost_usd.'),
    stat: z.enum(GATE_STATS).optional().describe('Statistic over cases (gate default: mean).'),
    min: z.number().optional().describe('Absolute: pass when the figure >= min.'),
    max: z.number().optional().describe('Absolute: pass when the figure <= max.'),
    nonInferiority: z
      .strictObject({ margin: z.number().min(0).describe('Largest tolerated loss, in the metric units.') })
      .optional()
      .describe(
        'Pass when the lower bound of the paired 95 % bootstrap CI of (candidate - baseline) > -margin ' +
          '(for lower-is-better metrics: the upper bound < +margin).',
      ),
    maxRatio: z
      .number()
      .positive()
      .optional()
      .describe("Pass when the candidate's figure <= maxRatio x the baseline's figure."),
  })
  .superRefine((r, ctx) => {
    const kinds = [r.min !== undefined || r.max !== undefined, !!r.nonInferiority, r.maxRatio !== undefined];
    const n = kinds.filter(Boolean).length;
    if (n === 0)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'expected min and/or max, or nonInferiority, or maxRatio',
      });
    if (n > 1)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'expected one kind of rule per item: min/max, nonInferiority or maxRatio (write two rules)',
      });
    if (r.nonInferiority && r.stat !== undefined && r.stat !== 'mean')
      ctx.addIssue({ code: 'custom', path: ['stat'], message: 'nonInferiority compares means (stat: mean)' });
  });

/** A canary-stage rule on live figures (error_rate, p50_ms, p99_ms, cost_per_request, or a quality metric). */
export const CanaryRuleSchema = z
  .strictObject({
    metric: z.string().min(1).describe('error_rate, p50_ms, p99_ms, cost_per_request, or a quality metric.'),
    min: z.number().optional(),
    max: z.number().optional(),
    maxRatio: z.number().positive().optional().describe("Pass when the figure <= maxRatio x the baseline's."),
  })
  .superRefine((r, ctx) => {
    if (r.min === undefined && r.max === undefined && r.maxRatio === undefined)
      ctx.addIssue({ code: 'custom', path: [], message: 'expected min, max and/or maxRatio' });
  });

export const CanarySchema = z
  .strictObject({
    stages: z
      .array(z.number().gt(0).max(100))
      .min(1)
      .optional()
      .describe('Percent of traffic per step (default 10, 25, 50, 75, 100), increasing.'),
    rules: z
      .array(CanaryRuleSchema)
      .min(1)
      .optional()
      .describe('Default: error_rate <= 0.01 and p99_ms <= 2 x baseline.'),
  })
  .superRefine((c, ctx) => {
    const s = c.stages ?? [];
    if (s.some((x, i) => i > 0 && x <= (s[i - 1] as number)))
      ctx.addIssue({ code: 'custom', path: ['stages'], message: 'expected increasing percentages' });
  })
  .describe('Canary rollout: judged one stage at a time by `evalgate gate --stage N`.');

export const GateSchema = z
  .strictObject({
    candidate: z.string().min(1).describe('Target id that is being evaluated.'),
    baseline: z.string().min(1).optional().describe('Target id to compare against.'),
    rules: z.array(GateRuleSchema).min(1),
    canary: CanarySchema.optional(),
  })
  .describe('Promote/rollback policy.');

export type GateRule = z.output<typeof GateRuleSchema>;
export type CanaryRule = z.output<typeof CanaryRuleSchema>;
