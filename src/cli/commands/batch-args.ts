import type { ArgsDef } from 'citty';
import type { BatchFlags } from '../../batch/index.ts';
import { EvalgateError } from '../../core/errors.ts';

/** `evalgate run --batch` and its settings (over the suite's `batch:` block; src/local/BATCH.md). */
export const batchArgs = {
  batch: {
    type: 'boolean',
    default: false,
    description: 'send Bedrock model targets through batch inference (S3 JSONL + CreateModelInvocationJob)',
  },
  'batch-bucket': { type: 'string', description: 'S3 bucket for batch input and output (over batch.bucket)' },
  'batch-role': {
    type: 'string',
    description: 'service role ARN Bedrock assumes for batch jobs (over batch.roleArn)',
  },
  'batch-min-records': {
    type: 'string',
    description:
      "minimum records per batch job: your account's quota (default 100; also the local backend's)",
  },
} satisfies ArgsDef;

/** The run's `batch` option: undefined without --batch (the other batch flags then are a usage error). */
export function batchOption(args: {
  batch?: boolean;
  'batch-bucket'?: string;
  'batch-role'?: string;
  'batch-min-records'?: string;
}): { batch?: BatchFlags } {
  const given = (['batch-bucket', 'batch-role', 'batch-min-records'] as const).filter(
    (k) => args[k] !== undefined,
  );
  if (!args.batch) {
    if (given.length) throw new EvalgateError('USAGE', `--${given[0]} needs --batch`);
    return {};
  }
  const raw = args['batch-min-records'];
  const min = raw === undefined ? undefined : Number(raw);
  if (min !== undefined && !(Number.isInteger(min) && min >= 1))
    throw new EvalgateError('USAGE', `--batch-min-records expects a whole number >= 1, got "${raw}"`);
  return {
    batch: {
      ...(args['batch-bucket'] ? { bucket: args['batch-bucket'] } : {}),
      ...(args['batch-role'] ? { roleArn: args['batch-role'] } : {}),
      ...(min !== undefined ? { minRecords: min } : {}),
    },
  };
}
