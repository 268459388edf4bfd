/**
 * `cost`: USD cost of the call (src/cost has the price table and the arithmetic). In order:
 * - hardware-priced targets (SageMaker endpoints with a price per hour, reported in `response.raw.hardware`):
 *   the share of instance time the call occupied (see hardwareCostUsd);
 * - answers made of several model calls (`response.raw.modelCalls`, e.g. a router's classifier + the routed
 *   model): each call at its own model's price (`ctx.priceOf`), summed; a call whose model has no price → the
 *   score's value is NaN (left out of every aggregate) with the reason;
 * - otherwise the response's usage at `ctx.price`, prompt-cache tokens at their cache prices (the input price
 *   when the table has none, noted in `details.notes`). No usage or no price → no score.
 */
import { z } from 'zod';
import type { Price, Score, ScoreContext } from '../core/types.ts';
import { modelCallsCostUsd, modelCallsOf, tokenCostUsd, usageCostUsd } from '../cost/index.ts';
import { capped, maxField, nameField } from './_shared.ts';
import type { ScorerDefinition } from './types.ts';

/** USD for a call: input/1000·inputPer1k + output/1000·outputPer1k, rounded to 12 significant digits. */
export function costUsd(inputTokens: number, outputTokens: number, price: Price): number {
  return tokenCostUsd(inputTokens, outputTokens, price);
}

/** What a hardware-priced target reports in `response.raw.hardware`. */
export interface HardwareUse {
  pricePerHour: number;
  instanceCount: number;
  /** Requests the run keeps in flight against the endpoint at once (the target's concurrency). */
  concurrency: number;
  instanceType?: string;
  /** `table <version>` when pricePerHour came from the price table (absent: the endpoint declared it). */
  priceSource?: string;
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
    ...(typeof hw.priceSource === 'string' ? { priceSource: hw.priceSource } : {}),
  };
}

const optionsSchema = z
  .strictObject({
    type: z.literal('cost'),
    name: nameField.optional(),
    max: maxField('cost_usd (USD per case)').optional(),
  })
  .describe(
    'Records cost_usd from token usage (cache tokens included) and the price table; no score when the price is unknown.',
  );

export type CostOptions = z.infer<typeof optionsSchema>;

export const costScorer: ScorerDefinition<CostOptions> = {
  grades: 'any',
  type: 'cost',
  description:
    'Cost in USD per case (cost_usd) from token usage × price per 1k tokens (each model call at its own price), or instance-hours for hardware-priced endpoints; none without a price.',
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
        const calls = modelCallsOf(response.raw);
        if (calls) return [_callsScore(calls, ctx, o.max)];
        if (!ctx.price || !response.usage) return [];
        const u = response.usage;
        const cost = usageCostUsd(u, ctx.price);
        const score = capped('cost_usd', cost.usd, o.max, 'USD');
        if (!u.cacheReadInputTokens && !u.cacheWriteInputTokens) return [score];
        const cache = {
          ...(u.cacheReadInputTokens ? { cacheReadInputTokens: u.cacheReadInputTokens } : {}),
          ...(u.cacheWriteInputTokens ? { cacheWriteInputTokens: u.cacheWriteInputTokens } : {}),
        };
        return [
          {
            ...score,
            details: { rule: 'tokens', ...cache, ...(cost.notes.length ? { notes: cost.notes } : {}) },
          },
        ];
      },
    };
  },
};

/** The cost score of an answer made of several model calls: each call at its own model's price, summed. */
function _callsScore(
  calls: NonNullable<ReturnType<typeof modelCallsOf>>,
  ctx: ScoreContext,
  max: number | undefined,
): Score {
  const priceOf = ctx.priceOf ?? ((id: string) => (id === ctx.modelId ? ctx.price : undefined));
  const cost = modelCallsCostUsd(calls, priceOf);
  if (!cost.priced) {
    const which = cost.unpriced.join(', ');
    return {
      metric: 'cost_usd',
      value: Number.NaN,
      reason: `no price for ${which}: the ${calls.length} model calls of this answer cannot be priced`,
      details: { rule: 'per-call', unpriced: cost.unpriced },
    };
  }
  const score = capped('cost_usd', cost.usd, max, 'USD');
  const notes = cost.notes.length > 0 ? { notes: cost.notes } : {};
  return { ...score, details: { rule: 'per-call', calls: cost.calls, ...notes } };
}
