/** `latency`: wall-clock latency (and time to first token when streamed) of the target call. */
import { z } from 'zod';
import type { Score } from '../core/types.ts';
import { capped, maxField, nameField } from './_shared.ts';
import type { ScorerDefinition } from './types.ts';

const optionsSchema = z
  .strictObject({
    type: z.literal('latency'),
    name: nameField.optional(),
    max: maxField('latency_ms').optional(),
    maxTtft: maxField('ttft_ms').optional(),
  })
  .describe('Records latency_ms (and ttft_ms for streaming targets); pass when within max.');

export type LatencyOptions = z.infer<typeof optionsSchema>;

export const latencyScorer: ScorerDefinition<LatencyOptions> = {
  grades: 'any',
  type: 'latency',
  description: 'Latency in ms (latency_ms) and time to first token (ttft_ms, streaming targets only).',
  optionsSchema,
  metrics: () => ['latency_ms', 'ttft_ms'],
  create(o) {
    return {
      name: o.name ?? 'latency',
      type: 'latency',
      score(_evalCase, response) {
        const scores: Score[] = [capped('latency_ms', response.timing.latencyMs, o.max, 'ms')];
        const ttft = response.timing.ttftMs;
        if (ttft !== undefined) scores.push(capped('ttft_ms', ttft, o.maxTtft, 'ms'));
        return scores;
      },
    };
  },
};
