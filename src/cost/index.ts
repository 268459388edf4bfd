/**
 * The cost model: one versioned price table (src/cost/prices.yaml), look-ups by model id and region, suite
 * overrides, and the arithmetic every cost figure uses. See src/scorers/SCORERS.md (`cost`) for the rules.
 */
import { priceTable } from './table.ts';

export {
  arnRegion,
  baseModelId,
  instancePricePerHour,
  type PriceMode,
  type PriceOptions,
  type PriceQuote,
  priceFor,
  priceQuote,
  suitePricer,
} from './price-for.ts';
export {
  type PriceFile,
  type PriceOverride,
  PriceOverrideSchema,
  type PriceOverrides,
  type RegionPrice,
} from './schema.ts';
export { loadPriceTable, PRICE_FILE, parsePriceTable, priceTable } from './table.ts';
export {
  type CallsCost,
  type ModelCall,
  modelCallsCostUsd,
  modelCallsOf,
  tokenCostUsd,
  type UsageCost,
  usageCostUsd,
} from './usage-cost.ts';

/** Version of the shipped price table (its `version:`), recorded with every run. */
export const PRICE_TABLE_VERSION: string = priceTable().version;
