/**
 * Bedrock on-demand prices, USD per 1,000 tokens, us-east-1, as published in 2025 (checked 2025-06).
 * Prices change: a suite's `prices:` table overrides these per model id. Cross-region inference profile ids
 * (`us.`, `eu.`, `apac.`, `global.` …) and model ARNs are looked up under their base model id.
 */
import type { ScoreContext } from '../core/types.ts';

export type Price = NonNullable<ScoreContext['price']>;
export type PriceTable = Record<string, { input: number; output: number }>;

export const PRICES_AS_OF = '2025-06';

export const DEFAULT_PRICES: PriceTable = {
  'amazon.nova-micro-v1:0': { input: 0.000035, output: 0.00014 },
  'amazon.nova-lite-v1:0': { input: 0.00006, output: 0.00024 },
  'amazon.nova-pro-v1:0': { input: 0.0008, output: 0.0032 },
  'anthropic.claude-3-haiku-20240307-v1:0': { input: 0.00025, output: 0.00125 },
  'anthropic.claude-3-5-haiku-20241022-v1:0': { input: 0.0008, output: 0.004 },
  'anthropic.claude-3-5-sonnet-20240620-v1:0': { input: 0.003, output: 0.015 },
  'anthropic.claude-3-5-sonnet-20241022-v2:0': { input: 0.003, output: 0.015 },
  'anthropic.claude-3-7-sonnet-20250219-v1:0': { input: 0.003, output: 0.015 },
  'anthropic.claude-sonnet-4-20250514-v1:0': { input: 0.003, output: 0.015 },
  'meta.llama3-1-8b-instruct-v1:0': { input: 0.00022, output: 0.00022 },
  'meta.llama3-1-70b-instruct-v1:0': { input: 0.00072, output: 0.00072 },
  'meta.llama3-3-70b-instruct-v1:0': { input: 0.00072, output: 0.00072 },
  'mistral.mistral-large-2402-v1:0': { input: 0.004, output: 0.012 },
  'mistral.mistral-large-2407-v1:0': { input: 0.002, output: 0.006 },
};

/** Geographic prefixes of cross-region inference profile ids, e.g. `us.amazon.nova-lite-v1:0`. */
const PROFILE_PREFIX = /^(?:us|us-gov|eu|apac|jp|au|ca|global)\./;

/**
 * The base model id: drops an ARN's resource type (`arn:…:foundation-model/ID`, `arn:…:inference-profile/ID`)
 * and a cross-region inference profile prefix.
 */
export function baseModelId(modelId: string): string {
  const id = modelId.startsWith('arn:') ? modelId.slice(modelId.lastIndexOf('/') + 1) : modelId;
  return id.replace(PROFILE_PREFIX, '');
}

/**
 * Price per 1k tokens for a model: the suite's `overrides` first (exact id, then base id), then
 * DEFAULT_PRICES (exact id, then base id). Undefined when no table knows the model.
 */
export function priceFor(modelId: string, overrides: PriceTable = {}): Price | undefined {
  const base = baseModelId(modelId);
  const hit =
    _own(overrides, modelId) ??
    _own(overrides, base) ??
    _own(DEFAULT_PRICES, modelId) ??
    _own(DEFAULT_PRICES, base);
  return hit ? { inputPer1k: hit.input, outputPer1k: hit.output } : undefined;
}

function _own(table: PriceTable, id: string): PriceTable[string] | undefined {
  return Object.hasOwn(table, id) ? table[id] : undefined;
}
