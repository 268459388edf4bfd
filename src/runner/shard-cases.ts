import type { LoadedSuite } from '../config/index.ts';
import type { EvalgateError } from '../core/errors.ts';
import { inShard, type Shard } from '../plan/shard.ts';
import { type CaseScan, eachCase } from './load-cases.ts';

/** scanCases for one shard: counts the shard's cases; bad rows are counted whatever shard they would be in. */
export async function scanShard(
  loaded: LoadedSuite,
  shard: Shard,
  onBadRow: (err: EvalgateError) => void,
): Promise<CaseScan> {
  let count = 0;
  let badRows = 0;
  const counting = (err: EvalgateError) => {
    badRows++;
    onBadRow(err);
  };
  for await (const _ of inShard(eachCase(loaded, counting), shard)) count++;
  return { count, badRows };
}
