/** The suite's `batch:` block: where `evalgate run --batch` puts its files and which role Bedrock uses. */
import { z } from 'zod';

export const BatchSchema = z
  .strictObject({
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name')
      .optional()
      .describe(
        'S3 bucket for the JSONL input and the job output (needed on AWS; local default evalgate-batch).',
      ),
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()/-]*$/, 'expected an S3 key prefix')
      .optional()
      .describe('Key prefix of the files (default evalgate): <prefix>/<run id>/<target id>/input.jsonl.'),
    roleArn: z
      .string()
      .regex(/^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role\/.+$/, 'expected an IAM role ARN')
      .optional()
      .describe('Service role Bedrock assumes to read and write the bucket (needed on AWS).'),
    minRecords: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "Records a batch job needs at least: your account's quota (Bedrock's default 100); a target below it is refused.",
      ),
    timeoutHours: z
      .number()
      .int()
      .min(24)
      .max(168)
      .optional()
      .describe('timeoutDurationInHours of each job (24-168; Bedrock default 168).'),
  })
  .describe('Bedrock batch inference settings for `evalgate run --batch` (src/local/BATCH.md).');

export type BatchSpec = z.output<typeof BatchSchema>;
