/** The settings of one batch run: the suite's `batch:` block, under the CLI flags, with local defaults. */
import { EvalgateError } from '../core/errors.ts';
import type { Backend } from '../targets/backend.ts';
import type { BatchSpec } from './schema.ts';

/** Bedrock's default quota "Minimum number of records per batch inference job". */
export const DEFAULT_MIN_RECORDS = 100;
export const LOCAL_BUCKET = 'evalgate-batch';
export const LOCAL_ROLE = 'arn:aws:iam::000000000000:role/evalgate-local-batch';

/** What the CLI passes (`--batch-bucket`, `--batch-role`, `--batch-min-records`). */
export interface BatchFlags {
  bucket?: string;
  roleArn?: string;
  minRecords?: number;
  /** Status polling backoff, ms: first wait and cap (defaults: 15 s → 60 s on AWS, 25 → 500 ms locally). */
  poll?: { firstMs: number; maxMs: number };
}

export interface BatchSettings {
  bucket: string;
  prefix: string;
  roleArn: string;
  minRecords: number;
  timeoutHours?: number;
  poll: { firstMs: number; maxMs: number };
}

/** Resolves the settings; on AWS a bucket and a role are required (one-line error naming where to set them). */
export function batchSettings(
  spec: BatchSpec | undefined,
  flags: BatchFlags,
  backend: Backend,
  where: string,
): BatchSettings {
  const local = backend.kind === 'local';
  const bucket = flags.bucket ?? spec?.bucket ?? (local ? LOCAL_BUCKET : undefined);
  const roleArn = flags.roleArn ?? spec?.roleArn ?? (local ? LOCAL_ROLE : undefined);
  if (!bucket)
    throw new EvalgateError(
      'USAGE',
      'batch mode on AWS needs an S3 bucket: batch.bucket or --batch-bucket',
      where,
    );
  if (!roleArn)
    throw new EvalgateError(
      'USAGE',
      'batch mode on AWS needs the service role Bedrock assumes: batch.roleArn or --batch-role',
      where,
    );
  return {
    bucket,
    prefix: (spec?.prefix ?? 'evalgate').replace(/^\/+|\/+$/g, ''),
    roleArn,
    minRecords: flags.minRecords ?? spec?.minRecords ?? DEFAULT_MIN_RECORDS,
    ...(spec?.timeoutHours ? { timeoutHours: spec.timeoutHours } : {}),
    poll: flags.poll ?? (local ? { firstMs: 25, maxMs: 500 } : { firstMs: 15_000, maxMs: 60_000 }),
  };
}

/**
 * For an in-process local backend in batch mode: its minimum records per job = the lowest the suites ask for
 * (the flag, else each suite's `batch.minRecords`, else 100), so a suite's own minimum holds locally too.
 */
export function batchBackendOptions(
  flags: BatchFlags | undefined,
  suites: readonly { suite: { batch?: BatchSpec } }[],
): { localBatch?: { minRecords: number } } {
  if (!flags) return {};
  const wanted = suites.map((s) => flags.minRecords ?? s.suite.batch?.minRecords ?? DEFAULT_MIN_RECORDS);
  return { localBatch: { minRecords: wanted.length ? Math.min(...wanted) : DEFAULT_MIN_RECORDS } };
}
