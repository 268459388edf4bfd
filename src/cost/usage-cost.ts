/**
 * USD of token usage at a price. Bedrock reports `inputTokens` WITHOUT the prompt-cache tokens
 * (`cacheReadInputTokens`, `cacheWriteInputTokens` are separate counts), so a call costs
 *   input/1000 · inputPer1k + output/1000 · outputPer1k
 *   + cacheRead/1000 · cacheReadPer1k + cacheWrite/1000 · cacheWritePer1k,
 * a missing cache price counting as the input price (and said so in the notes). Sums are rounded to 12
 * significant digits.
 */
import type { Price, TokenUsage } from '../core/types.ts';

/** One model call of an answer that took several (e.g. a router's classifier, then the routed model). */
export interface ModelCall {
  modelId: string;
  role: string;
  usage: TokenUsage;
}

export interface UsageCost {
  usd: number;
  /** Assumptions made (a cache price taken as the input price). */
  notes: string[];
}

/** USD for input and output tokens: input/1000·inputPer1k + output/1000·outputPer1k (12 significant digits). */
export function tokenCostUsd(
  inputTokens: number,
  outputTokens: number,
  price: Pick<Price, 'inputPer1k' | 'outputPer1k'>,
): number {
  return _round((inputTokens / 1000) * price.inputPer1k + (outputTokens / 1000) * price.outputPer1k);
}

/** USD for one call's usage, cache tokens included. `modelId` names the model in notes. */
export function usageCostUsd(usage: TokenUsage, price: Price, modelId?: string): UsageCost {
  const notes: string[] = [];
  const of = modelId ? ` for ${modelId}` : '';
  const cache = (tokens: number | undefined, per1k: number | undefined, what: string) => {
    if (!tokens) return 0;
    if (per1k === undefined) {
      notes.push(`no ${what} price${of}: ${tokens} ${what} tokens priced at the input price`);
      return (tokens / 1000) * price.inputPer1k;
    }
    return (tokens / 1000) * per1k;
  };
  const usd =
    (usage.inputTokens / 1000) * price.inputPer1k +
    (usage.outputTokens / 1000) * price.outputPer1k +
    cache(usage.cacheReadInputTokens, price.cacheReadPer1k, 'cache-read') +
    cache(usage.cacheWriteInputTokens, price.cacheWritePer1k, 'cache-write');
  return { usd: _round(usd), notes };
}

/** `raw.modelCalls` of a response, when it is a well-formed list of calls; undefined otherwise. */
export function modelCallsOf(raw: unknown): ModelCall[] | undefined {
  const calls = (raw as { modelCalls?: unknown } | undefined)?.modelCalls;
  if (!Array.isArray(calls) || calls.length === 0) return undefined;
  return calls.every(_isCall) ? calls : undefined;
}

export type CallsCost =
  | { priced: true; usd: number; calls: { modelId: string; role: string; usd: number }[]; notes: string[] }
  | { priced: false; unpriced: string[] };

/** Prices each call at its own model's price and sums; unpriced when any call's model has no price. */
export function modelCallsCostUsd(
  calls: readonly ModelCall[],
  priceOf: (modelId: string) => Price | undefined,
): CallsCost {
  const unpriced: string[] = [];
  const out: { modelId: string; role: string; usd: number }[] = [];
  const notes: string[] = [];
  for (const call of calls) {
    const price = priceOf(call.modelId);
    if (!price) {
      if (!unpriced.includes(call.modelId)) unpriced.push(call.modelId);
      continue;
    }
    const cost = usageCostUsd(call.usage, price, call.modelId);
    out.push({ modelId: call.modelId, role: call.role, usd: cost.usd });
    notes.push(...cost.notes);
  }
  if (unpriced.length > 0) return { priced: false, unpriced };
  return { priced: true, usd: _round(out.reduce((s, c) => s + c.usd, 0)), calls: out, notes };
}

function _isCall(c: unknown): c is ModelCall {
  const x = c as Partial<ModelCall> | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.modelId === 'string' &&
    typeof x.role === 'string' &&
    typeof x.usage?.inputTokens === 'number' &&
    typeof x.usage.outputTokens === 'number'
  );
}

function _round(x: number): number {
  return Number(x.toPrecision(12));
}
