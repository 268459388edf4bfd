/**
 * Price look-ups: a model id (bare, cross-region inference profile, or ARN) and a region → the figures that
 * price its calls; a SageMaker instance type and a region → USD per instance-hour.
 *
 * Precedence: the suite's overrides (exact id, then base id), then the price table (exact id, then base id).
 * Region: the asked region, else the region in a model ARN, else the table's `defaultRegion`. Within an entry,
 * the exact region's figures win; otherwise a suite override's model-wide `input`/`output` apply; otherwise
 * the default region's figures (so a model priced only in us-east-1 is priced at us-east-1 everywhere).
 * An override replaces the table's entry for that model as a whole (figures are never mixed across sources).
 */
import type { Price } from '../core/types.ts';
import type { PriceOverride, PriceOverrides, RegionPrice } from './schema.ts';
import { type PriceFile, priceTable } from './table.ts';

export type PriceMode = 'on-demand' | 'batch';

export interface PriceOptions {
  /** Region the calls go to (default: a model ARN's region, else the table's default region). */
  region?: string;
  /** The suite's `prices:`. */
  overrides?: PriceOverrides;
  /**
   * `batch`: input and output prices less the batch discount; no price when the discount is unknown.
   * Default `on-demand`.
   */
  mode?: PriceMode;
  /** Another table (tests); default the shipped one. */
  table?: PriceFile;
}

/** A price and where it came from. */
export interface PriceQuote {
  price: Price;
  /** The region whose figures were used (the asked one, or the default region it fell back to). */
  region: string;
  /** `suite` (the suite's `prices:`) or `table <version>`. */
  source: string;
  /** The id the figures are listed under (the asked id or its base id). */
  listedAs: string;
}

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

/** The region of an ARN (`arn:aws:bedrock:eu-central-1::…` → `eu-central-1`); undefined otherwise. */
export function arnRegion(modelId: string): string | undefined {
  if (!modelId.startsWith('arn:')) return undefined;
  const region = modelId.split(':')[3];
  return region ? region : undefined;
}

/** The price of a model's calls and where it came from; undefined when neither the suite nor the table has one. */
export function priceQuote(modelId: string, opts: PriceOptions = {}): PriceQuote | undefined {
  const table = opts.table ?? priceTable();
  const region = opts.region ?? arnRegion(modelId) ?? table.defaultRegion;
  const ids = [...new Set([modelId, baseModelId(modelId)])];
  const overrides = opts.overrides ?? {};
  for (const id of ids) {
    const o = _own(overrides, id);
    const hit = o && _fromOverride(o, region, table.defaultRegion);
    if (hit) return _quote(hit.figures, hit.region, 'suite', id, opts.mode);
  }
  for (const id of ids) {
    const regions = _own(table.models, id)?.regions;
    const hit = regions && _fromRegions(regions, region, table.defaultRegion);
    if (hit) return _quote(hit.figures, hit.region, `table ${table.version}`, id, opts.mode);
  }
  return undefined;
}

/** The price of a model's calls (see priceQuote); undefined when no table knows the model. */
export function priceFor(modelId: string, opts: PriceOptions = {}): Price | undefined {
  return priceQuote(modelId, opts)?.price;
}

/** USD per hour of one SageMaker instance: the asked region's figure, else the default region's; else undefined. */
export function instancePricePerHour(
  instanceType: string,
  region?: string,
  table: PriceFile = priceTable(),
): number | undefined {
  const regions = _own(table.instances, instanceType);
  if (!regions) return undefined;
  return _own(regions, region ?? table.defaultRegion) ?? _own(regions, table.defaultRegion);
}

/**
 * A suite's pricer: `(modelId, region?) → Price`, with the suite's overrides and `defaultRegion` (e.g. the
 * backend's region) for calls whose target names no region; `mode` batch for batch inference jobs.
 */
export function suitePricer(
  overrides: PriceOverrides | undefined,
  defaultRegion?: string,
  mode?: PriceMode,
): (modelId: string, region?: string) => Price | undefined {
  return (modelId, region) =>
    priceFor(modelId, {
      ...(overrides ? { overrides } : {}),
      ...((region ?? defaultRegion) ? { region: region ?? defaultRegion } : {}),
      ...(mode ? { mode } : {}),
    });
}

interface _Hit {
  figures: Partial<RegionPrice>;
  region: string;
}

function _fromRegions(
  regions: Record<string, RegionPrice>,
  region: string,
  fallback: string,
): _Hit | undefined {
  const exact = _own(regions, region);
  if (exact) return { figures: exact, region };
  const def = _own(regions, fallback);
  return def ? { figures: def, region: fallback } : undefined;
}

function _fromOverride(o: PriceOverride, region: string, fallback: string): _Hit | undefined {
  const { regions, ...top } = o;
  const exact = regions && _own(regions, region);
  if (exact) return { figures: { ...top, ...exact }, region };
  if (top.input !== undefined && top.output !== undefined) return { figures: top, region };
  const def = regions && _own(regions, fallback);
  return def ? { figures: { ...top, ...def }, region: fallback } : undefined;
}

function _quote(
  f: Partial<RegionPrice>,
  region: string,
  source: string,
  listedAs: string,
  mode: PriceMode = 'on-demand',
): PriceQuote | undefined {
  if (f.input === undefined || f.output === undefined) return undefined;
  if (mode === 'batch' && f.batchDiscount === undefined) return undefined;
  const keep = mode === 'batch' ? 1 - (f.batchDiscount ?? 0) : 1;
  const price: Price = {
    inputPer1k: _round(f.input * keep),
    outputPer1k: _round(f.output * keep),
    ...(f.cacheRead !== undefined ? { cacheReadPer1k: f.cacheRead } : {}),
    ...(f.cacheWrite !== undefined ? { cacheWritePer1k: f.cacheWrite } : {}),
    ...(f.batchDiscount !== undefined ? { batchDiscount: f.batchDiscount } : {}),
    ...(f.provisionedPerHour !== undefined ? { provisionedPerHour: f.provisionedPerHour } : {}),
  };
  return { price, region, source, listedAs };
}

/** Drops float noise (0.0008 × 0.5 stays 0.0004). */
function _round(x: number): number {
  return Number(x.toPrecision(12));
}

function _own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
