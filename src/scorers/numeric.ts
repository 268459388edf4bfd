/** `numeric`: the first number in the output is within a tolerance of the expected number. */
import { z } from 'zod';
import { expectedValue, graded, nameField, noOutputText, quote, thresholdField } from './_shared.ts';
import type { ScorerDefinition } from './types.ts';

/**
 * First number in a text: optional sign (not glued to a preceding word, so "COVID-19" gives 19), optional
 * currency symbol ($ € £), thousands separators ("1,299"), decimals and exponent.
 */
const NUMBER =
  /(?:(?<![\w.])([-+\u2212]))?[$€£]?\s?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:[eE]([-+]?\d+))?/;

/** The first number in `text`, or undefined when there is none. */
export function parseFirstNumber(text: string): number | undefined {
  const m = NUMBER.exec(text);
  if (!m?.[2]) return undefined;
  const sign = m[1] === '-' || m[1] === '\u2212' ? -1 : 1;
  const value = Number(m[2].replaceAll(',', '')) * 10 ** Number(m[3] ?? 0);
  return Number.isFinite(value) ? sign * value : undefined;
}

/** Whether |actual − expected| is within tolerance (absolute, or relative to |expected|), float noise allowed. */
export function withinTolerance(
  actual: number,
  expected: number,
  tolerance: number,
  relative: boolean,
): boolean {
  const allowed = relative ? tolerance * Math.abs(expected) : tolerance;
  const noise = 1e-9 * Math.max(1, Math.abs(actual), Math.abs(expected));
  return Math.abs(actual - expected) <= allowed + noise;
}

const optionsSchema = z
  .strictObject({
    type: z.literal('numeric'),
    name: nameField.optional(),
    threshold: thresholdField.optional(),
    field: z
      .string()
      .min(1)
      .optional()
      .describe('Case field holding the expected number: `expected` (default) or any dataset column.'),
    tolerance: z
      .number()
      .nonnegative()
      .optional()
      .describe('Allowed difference: absolute, or a fraction of |expected| when relative (default 0).'),
    relative: z.boolean().optional().describe('Treat tolerance as relative to |expected| (default false).'),
  })
  .describe('First number in the output within tolerance of the expected number → 1, else 0.');

export type NumericOptions = z.infer<typeof optionsSchema>;

export const numericScorer: ScorerDefinition<NumericOptions> = {
  type: 'numeric',
  description:
    'First number in the output equals the expected number within an absolute or relative tolerance.',
  optionsSchema,
  metrics: (o) => [o.name ?? 'numeric'],
  create(o) {
    const metric = o.name ?? 'numeric';
    const field = o.field ?? 'expected';
    const tolerance = o.tolerance ?? 0;
    const relative = o.relative ?? false;
    const tolText = relative ? `${tolerance} × |expected|` : `${tolerance}`;
    return {
      name: metric,
      type: 'numeric',
      score(evalCase, response) {
        if (response.text === undefined) return [noOutputText(metric, o.threshold)];
        const expectedText = expectedValue(evalCase, field);
        if (expectedText === undefined) {
          return [graded(metric, 0, o.threshold, `case has no expected value in field "${field}"`)];
        }
        const expected = parseFirstNumber(expectedText);
        if (expected === undefined) {
          return [graded(metric, 0, o.threshold, `expected value ${quote(expectedText)} holds no number`)];
        }
        const actual = parseFirstNumber(response.text);
        if (actual === undefined) {
          return [
            graded(
              metric,
              0,
              o.threshold,
              `no number in output ${quote(response.text)} (expected ${expected})`,
            ),
          ];
        }
        const ok = withinTolerance(actual, expected, tolerance, relative);
        const diff = Number(Math.abs(actual - expected).toPrecision(12));
        const reason = `output ${actual} vs expected ${expected}: |diff| ${diff} ${ok ? '≤' : '>'} ${tolText}`;
        return [graded(metric, ok ? 1 : 0, o.threshold, reason)];
      },
    };
  },
};
