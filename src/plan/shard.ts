/**
 * Sharding: `--shard i/n` runs the cases whose id hashes to shard i of n (1-based). The partition depends only on
 * the case id (FNV-1a 32-bit of its UTF-8 bytes, mod n), so every shard runner — whatever its order of reading
 * or its machine — agrees, the shards are disjoint and together cover the dataset, and a case keeps its shard
 * when rows are added or reordered. `evalgate merge` joins the shard stores into one run (src/store/merge.ts).
 */
import { EvalgateError } from '../core/errors.ts';
import type { EvalCase } from '../core/types.ts';
import { fnv1aUtf8 } from '../textkit/fnv.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Most shards one suite may be split into. */
export const MAX_SHARDS = 1024;

/** Parses `i/n` (1 ≤ i ≤ n ≤ MAX_SHARDS); a one-line usage error otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    throw new EvalgateError(
      'USAGE',
      `--shard ${JSON.stringify(text)}: expected i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, e.g. 2/4`,
    );
  }
  return { index, count };
}

export const shardLabel = (s: Shard): string => `${s.index}/${s.count}`;

/** The 1-based shard a case id belongs to among `count`. */
export function shardOf(caseId: string, count: number): number {
  return (fnv1aUtf8(caseId) % count) + 1;
}

/** The cases of one shard, in their order (all of them without a shard). */
export async function* inShard(cases: AsyncIterable<EvalCase>, shard?: Shard): AsyncGenerator<EvalCase> {
  for await (const c of cases) {
    if (!shard || shardOf(c.id, shard.count) === shard.index) yield c;
  }
}
