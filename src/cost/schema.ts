/**
 * Schemas of prices (zod v4, strict): the shipped price file (src/cost/prices.yaml) and a suite's `prices:`
 * overrides. Units: USD per 1,000 tokens; `batchDiscount` is the fraction taken off on-demand input and output
 * prices for batch inference; `provisionedPerHour` is USD per model unit per hour; instances are USD per hour.
 */
import { z } from 'zod';

const REGION_RE = /^[a-z]{2}(?:-gov)?-[a-z]+-\d+$/;

export const RegionSchema = z
  .string()
  .regex(REGION_RE, 'expected an AWS region such as us-east-1')
  .describe('AWS region, e.g. us-east-1.');

const _usd = (what: string) => z.number().min(0).describe(`USD per 1,000 ${what}.`);

/** The optional figures besides input and output. */
const _extraFields = {
  cacheRead: _usd('input tokens read from the prompt cache (default: the input price)').optional(),
  cacheWrite: _usd('input tokens written to the prompt cache (default: the input price)').optional(),
  batchDiscount: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('Fraction off on-demand input and output prices for batch inference (0.5 = half price).'),
  provisionedPerHour: z
    .number()
    .min(0)
    .optional()
    .describe('USD per model unit per hour of Provisioned Throughput (no commitment).'),
};

/** One model's figures in one region (price file). */
export const RegionPriceSchema = z.strictObject({
  input: _usd('input tokens'),
  output: _usd('output tokens'),
  ..._extraFields,
});
export type RegionPrice = z.output<typeof RegionPriceSchema>;

export const PriceFileSchema = z.strictObject({
  version: z.string().min(1).describe('Version of the table (a date), recorded with every run.'),
  currency: z.literal('USD'),
  defaultRegion: RegionSchema.describe('Region whose figures apply when a model has none for the asked one.'),
  source: z.string().min(1).describe('Where the figures come from and which are unverified.'),
  models: z.record(
    z.string().min(1),
    z.strictObject({
      note: z.string().optional(),
      regions: z.record(RegionSchema, RegionPriceSchema),
    }),
  ),
  instances: z.record(
    z
      .string()
      .regex(/^ml\.[a-z0-9-]+\.[a-z0-9]+$/, 'expected a SageMaker instance type such as ml.inf2.xlarge'),
    z.record(RegionSchema, z.number().min(0)),
  ),
});
export type PriceFile = z.output<typeof PriceFileSchema>;

const _partial = {
  input: _usd('input tokens').optional(),
  output: _usd('output tokens').optional(),
  ..._extraFields,
};

/**
 * A suite's price for one model id: `{input, output}` (any region), optionally cache and batch figures, and
 * `regions:` with per-region figures (each inherits the fields it does not set from the model's top level).
 * An override replaces the built-in entry of that model as a whole.
 */
export const PriceOverrideSchema = z
  .strictObject({
    ..._partial,
    regions: z
      .record(RegionSchema, z.strictObject(_partial))
      .optional()
      .describe('Per-region figures; fields not set here come from this model entry.'),
  })
  .superRefine((p, ctx) => {
    const top = p.input !== undefined || p.output !== undefined;
    if (top && (p.input === undefined || p.output === undefined)) {
      const missing = p.input === undefined ? 'input' : 'output';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'missing required field (expected a number: input and output go together)',
      });
    }
    if (!top && p.regions === undefined)
      ctx.addIssue({ code: 'custom', path: [], message: 'expected input and output, or regions' });
    for (const [region, r] of Object.entries(p.regions ?? {})) {
      for (const key of ['input', 'output'] as const) {
        if (r[key] === undefined && p[key] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['regions', region, key],
            message: `missing ${key} (set it here or for the whole model)`,
          });
      }
    }
  })
  .describe('USD per 1,000 tokens for one model id (overrides the built-in price table).');
export type PriceOverride = z.output<typeof PriceOverrideSchema>;
export type PriceOverrides = Record<string, PriceOverride>;
