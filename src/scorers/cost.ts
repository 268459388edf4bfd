/** `cost`: USD cost of the call from token usage and the model's price per 1k tokens. */
import { z } from 'zod';
import { capped, maxField, nameField } from './_shared.ts';
import type { Price } from './prices.ts';
import type { ScorerDefinition } from './types.ts';

/** USD for a call: input/1000·inputPer1k + output/1000·outputPer1k, rounded to 12 significant digits. */
export function costUsd(inputTokens: number, outputTokens: number, price: Price): number {
  const raw = (inputTokens / 1000) * price.inputPer1k + (outputTokens / 1000) * price.outputPer1k;
  return Number(raw.toPrecision(12));
}

const optionsSchema = z
  .strictObject({
    type: z.literal('cost'),
    name: nameField.optional(),
    max: maxField('cost_usd (USD per case)').optional(),
  })
  .describe('Records cost_usd from token usage and the price table; no score when the price is unknown.');

export type CostOptions = z.infer<typeof optionsSchema>;

export const costScorer: ScorerDefinition<CostOptions> = {
  grades: 'any',
  type: 'cost',
  description:
    'Cost in USD per case (cost_usd) from token usage × price per 1k tokens; none without a price.',
  optionsSchema,
  metrics: () => ['cost_usd'],
  create(o) {
    return {
      name: o.name ?? 'cost',
      type: 'cost',
      score(_evalCase, response, ctx) {
        if (!ctx.price || !response.usage) return [];
        const value = costUsd(response.usage.inputTokens, response.usage.outputTokens, ctx.price);
        return [capped('cost_usd', value, o.max, 'USD')];
      },
    };
  },
};
