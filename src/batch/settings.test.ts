import { describe, expect, it } from 'vitest';
import { batchOption } from '../cli/commands/batch-args.ts';
import { EvalgateError } from '../core/errors.ts';
import { BatchSchema } from './schema.ts';
import { batchBackendOptions, batchSettings, LOCAL_BUCKET, LOCAL_ROLE } from './settings.ts';

const local = { kind: 'local', endpoint: 'http://127.0.0.1:1', region: 'us-east-1' } as const;
const aws = { kind: 'aws', region: 'eu-west-1' } as const;

describe('batch settings', () => {
  it('defaults everything on the local backend', () => {
    expect(batchSettings(undefined, {}, local, 's.yaml')).toEqual({
      bucket: LOCAL_BUCKET,
      prefix: 'evalgate',
      roleArn: LOCAL_ROLE,
      minRecords: 100,
      poll: { firstMs: 25, maxMs: 500 },
    });
  });

  it('takes the flags over the suite, trims the prefix and polls slowly on AWS', () => {
    const spec = BatchSchema.parse({
      bucket: 'suite-bucket',
      prefix: '/evals/nightly/',
      roleArn: 'arn:aws:iam::123456789012:role/suite',
      minRecords: 500,
      timeoutHours: 24,
    });
    expect(batchSettings(spec, { bucket: 'flag-bucket', minRecords: 1000 }, aws, 's.yaml')).toEqual({
      bucket: 'flag-bucket',
      prefix: 'evals/nightly',
      roleArn: 'arn:aws:iam::123456789012:role/suite',
      minRecords: 1000,
      timeoutHours: 24,
      poll: { firstMs: 15_000, maxMs: 60_000 },
    });
  });

  it('needs a bucket and a role on AWS, said in one line naming the suite', () => {
    expect(() => batchSettings(undefined, {}, aws, 'suites/a.yaml')).toThrow(
      new EvalgateError(
        'USAGE',
        'batch mode on AWS needs an S3 bucket: batch.bucket or --batch-bucket',
        'suites/a.yaml',
      ),
    );
    expect(() => batchSettings(undefined, { bucket: 'b-1' }, aws, 'suites/a.yaml')).toThrow(
      'suites/a.yaml: batch mode on AWS needs the service role Bedrock assumes: batch.roleArn or --batch-role',
    );
  });

  it('rejects a bad bucket, role or timeout in the suite', () => {
    expect(BatchSchema.safeParse({ bucket: 'Bad_Bucket' }).success).toBe(false);
    expect(BatchSchema.safeParse({ roleArn: 'arn:aws:iam::1:user/x' }).success).toBe(false);
    expect(BatchSchema.safeParse({ timeoutHours: 12 }).success).toBe(false);
    expect(BatchSchema.safeParse({ extra: 1 }).success).toBe(false);
  });

  it('gives an in-process local backend the lowest minimum the suites ask for (the flag over all)', () => {
    const suites = [
      { suite: { batch: { minRecords: 40 } } },
      { suite: {} },
      { suite: { batch: { minRecords: 7 } } },
    ];
    expect(batchBackendOptions(undefined, suites)).toEqual({});
    expect(batchBackendOptions({}, suites)).toEqual({ localBatch: { minRecords: 7 } });
    expect(batchBackendOptions({ minRecords: 3 }, suites)).toEqual({ localBatch: { minRecords: 3 } });
  });
});

describe('evalgate run --batch flags', () => {
  it('reads the flags only with --batch', () => {
    expect(batchOption({ batch: false })).toEqual({});
    expect(batchOption({ batch: true, 'batch-bucket': 'b-1', 'batch-min-records': '20' })).toEqual({
      batch: { bucket: 'b-1', minRecords: 20 },
    });
    expect(() => batchOption({ batch: false, 'batch-role': 'arn:x' })).toThrow('--batch-role needs --batch');
    expect(() => batchOption({ batch: true, 'batch-min-records': '1.5' })).toThrow(
      '--batch-min-records expects a whole number >= 1, got "1.5"',
    );
  });
});
