/**
 * `cost`: USD cost of the call — from token usage and the model's price per 1k tokens, or, for hardware-priced
 * targets (SageMaker endpoints declaring `pricePerHour`, reported in `response.raw.hardware`), from the share
 * of instance time the call occupied (see hardwareCostUsd).
 */
import { z } from 'zod';
import { capped, maxField, nameField } from './_shared.ts';
import type { Price } from './prices.ts';
import type { ScorerDefinition } from './types.ts';

/** USD for a call: input/1000·inputPer1k + output/1000·outputPer1k, rounded to 12 significant digits. */
export function costUsd(inputTokens: number, outputTokens: number, price: Price): number {
  const raw = (inputTokens / 1000) * price.inputPer1k + (outputTokens / 1000) * price.outputPer1k;
  return Number(raw.toPrecision(12));
}

/** What a hardware-priced target reports in `response.raw.hardware`. */
export interface HardwareUse {
  pricePerHour: number;
  instanceCount: number;
  /** Requests the run keeps in flight against the endpoint at once (the target's concurrency). */
  concurrency: number;
  instanceType?: string;
}

/**
 * USD for one call on instances billed by the hour: latencyMs / 3,600,000 × pricePerHour × instanceCount /
 * concurrency — the call holds the fleet for its latency, shared with the other calls in flight. Summed over a
 * run this is the fleet's cost for the time the run kept it busy; mean × 1,000 is the cost per 1,000 requests.
 */
export function hardwareCostUsd(latencyMs: number, hw: HardwareUse): number {
  const raw = ((latencyMs / 3_600_000) * hw.pricePerHour * hw.instanceCount) / Math.max(1, hw.concurrency);
  return Number(raw.toPrecision(12));
}

/** The hardware a response reports, when it is hardware-priced (has a price per hour). */
export function hardwareOf(raw: unknown): HardwareUse | undefined {
  const hw = (raw as { hardware?: Partial<HardwareUse> } | undefined)?.hardware;
  if (typeof hw?.pricePerHour !== 'number') return undefined;
  return {
    pricePerHour: hw.pricePerHour,
    instanceCount: typeof hw.instanceCount === 'number' ? hw.instanceCount : 1,
    concurrency: typeof hw.concurrency === 'number' ? hw.concurrency : 1,
    ...(typeof hw.instanceType === 'string' ? { instanceType: hw.instanceType } : {}),
  };
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
    'Cost in USD per case (cost_usd) from token usage × price per 1k tokens, or instance-hours for hardware-priced endpoints; none without a price.',
  optionsSchema,
  metrics: () => ['cost_usd'],
  create(o) {
    return {
      name: o.name ?? 'cost',
      type: 'cost',
      score(_evalCase, response, ctx) {
        const hw = hardwareOf(response.raw);
        if (hw) {
          const score = capped('cost_usd', hardwareCostUsd(response.timing.latencyMs, hw), o.max, 'USD');
          return [
            { ...score, details: { rule: 'instance-hours', ...hw, latencyMs: response.timing.latencyMs } },
          ];
        }
        if (!ctx.price || !response.usage) return [];
        const value = costUsd(response.usage.inputTokens, response.usage.outputTokens, ctx.price);
        return [capped('cost_usd', value, o.max, 'USD')];
      },
    };
  },
};
