/** `tokens`: token usage the target reported. */
import { z } from 'zod';
import { capped, maxField, nameField } from './_shared.ts';
import type { ScorerDefinition } from './types.ts';

const optionsSchema = z
  .strictObject({
    type: z.literal('tokens'),
    name: nameField.optional(),
    max: maxField('total_tokens', true).optional(),
  })
  .describe('Records input_tokens, output_tokens and total_tokens; pass when total_tokens is within max.');

export type TokensOptions = z.infer<typeof optionsSchema>;

export const tokensScorer: ScorerDefinition<TokensOptions> = {
  grades: 'any',
  type: 'tokens',
  description:
    'Token usage: input_tokens, output_tokens, total_tokens (none when the target reports no usage).',
  optionsSchema,
  metrics: () => ['input_tokens', 'output_tokens', 'total_tokens'],
  create(o) {
    return {
      name: o.name ?? 'tokens',
      type: 'tokens',
      score(_evalCase, response) {
        const usage = response.usage;
        if (!usage) return [];
        return [
          { metric: 'input_tokens', value: usage.inputTokens },
          { metric: 'output_tokens', value: usage.outputTokens },
          capped('total_tokens', usage.totalTokens, o.max, 'tokens'),
        ];
      },
    };
  },
};
