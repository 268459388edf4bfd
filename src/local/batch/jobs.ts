/**
 * Bedrock batch inference jobs of the local backend: CreateModelInvocationJob validates the request and starts
 * the job in the background (run-job.ts); GetModelInvocationJob reports its status and record counts;
 * StopModelInvocationJob stops it. Jobs live in memory. See BATCH.md.
 */
import { randomBytes } from 'node:crypto';
import type { FaultInjector } from '../faults.ts';
import { getEmbeddingModel } from '../models/embeddings.ts';
import { getLocalModel, LOCAL_MODELS } from '../models/index.ts';
import { type BatchJob, type JobEnv, setStatus, TERMINAL_STATUSES } from './job-state.ts';
import type { ObjectStore } from './object-store.ts';
import { runJob } from './run-job.ts';
import { parseS3Uri } from './s3-uri.ts';

/** Bedrock's default quota "Minimum number of records per batch inference job". */
export const DEFAULT_MIN_RECORDS = 100;

export interface BatchOptions {
  /** Records a job needs at least (default 100, Bedrock's default quota); lower it for tests. */
  minRecords?: number;
}

/** A request the service rejects: the AWS exception name and its message. */
export interface JobError {
  error: 'ValidationException' | 'ResourceNotFoundException';
  message: string;
}

const JOB_NAME_RE = /^[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9+\-.]){0,63}$/;
const ROLE_RE = /^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role\/.+$/;

export class BatchJobRegistry {
  private readonly jobs = new Map<string, BatchJob>();
  private readonly env: JobEnv;

  constructor(objects: ObjectStore, faults: () => FaultInjector, options: BatchOptions = {}) {
    this.env = { objects, faults, minRecords: options.minRecords ?? DEFAULT_MIN_RECORDS };
  }

  get minRecords(): number {
    return this.env.minRecords;
  }

  /** Validates a CreateModelInvocationJob body and starts the job; an idempotent retry returns the same job. */
  create(body: Record<string, unknown>, region: string): BatchJob | JobError {
    const token = typeof body.clientRequestToken === 'string' ? body.clientRequestToken : undefined;
    const same = token && [...this.jobs.values()].find((j) => j.clientRequestToken === token);
    if (same) return same;
    const bad = (message: string): JobError => ({ error: 'ValidationException', message });
    const { jobName, roleArn, modelId } = body;
    if (typeof jobName !== 'string' || !JOB_NAME_RE.test(jobName))
      return bad(`jobName must match ${JOB_NAME_RE.source}`);
    if (typeof roleArn !== 'string' || !ROLE_RE.test(roleArn))
      return bad('roleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)');
    if (typeof modelId !== 'string' || !modelId) return bad('modelId is required');
    if (getEmbeddingModel(modelId) || !getLocalModel(modelId)) {
      const known = LOCAL_MODELS.map((m) => m.id).join(', ');
      return bad(
        `The model ${modelId} does not support batch inference on the evalgate local backend (has: ${known})`,
      );
    }
    const inputUri = _uri(body.inputDataConfig, 's3InputDataConfig');
    const outputUri = _uri(body.outputDataConfig, 's3OutputDataConfig');
    if (!inputUri || !parseS3Uri(inputUri))
      return bad('inputDataConfig.s3InputDataConfig.s3Uri must be an s3://bucket/key URI');
    if (!outputUri || !parseS3Uri(outputUri))
      return bad('outputDataConfig.s3OutputDataConfig.s3Uri must be an s3://bucket/prefix URI');
    const format = (body.inputDataConfig as { s3InputDataConfig?: { s3InputFormat?: unknown } })
      .s3InputDataConfig?.s3InputFormat;
    if (format !== undefined && format !== 'JSONL') return bad('s3InputFormat must be JSONL');
    const hours = body.timeoutDurationInHours ?? 168;
    if (typeof hours !== 'number' || !Number.isInteger(hours) || hours < 24 || hours > 168)
      return bad('timeoutDurationInHours must be an integer from 24 to 168');
    const type = body.modelInvocationType ?? 'InvokeModel';
    if (type !== 'InvokeModel' && type !== 'Converse')
      return bad('modelInvocationType must be InvokeModel or Converse');

    const jobId = randomBytes(6).toString('hex');
    const now = new Date();
    const job: BatchJob = {
      jobArn: `arn:aws:bedrock:${region}:000000000000:model-invocation-job/${jobId}`,
      jobId,
      jobName,
      modelId,
      roleArn,
      ...(token ? { clientRequestToken: token } : {}),
      modelInvocationType: type,
      inputUri,
      outputUri,
      timeoutDurationInHours: hours,
      status: 'Submitted',
      submitTime: now,
      lastModifiedTime: now,
      stopRequested: false,
      done: Promise.resolve(),
    };
    this.jobs.set(jobId, job);
    job.done = runJob(job, this.env);
    return job;
  }

  /** By job id or ARN. */
  get(identifier: string): BatchJob | JobError {
    const id = identifier.startsWith('arn:') ? identifier.slice(identifier.lastIndexOf('/') + 1) : identifier;
    const job = this.jobs.get(id);
    if (job && (!identifier.startsWith('arn:') || job.jobArn === identifier)) return job;
    return { error: 'ResourceNotFoundException', message: `The specified job ${identifier} was not found.` };
  }

  stop(identifier: string): BatchJob | JobError {
    const job = this.get(identifier);
    if ('error' in job) return job;
    if (TERMINAL_STATUSES.has(job.status))
      return {
        error: 'ValidationException',
        message: `Job ${job.jobId} is ${job.status} and cannot be stopped.`,
      };
    job.stopRequested = true;
    setStatus(job, 'Stopping');
    return job;
  }

  list(): BatchJob[] {
    return [...this.jobs.values()].sort((a, b) => b.submitTime.getTime() - a.submitTime.getTime());
  }
}

function _uri(config: unknown, member: string): string | undefined {
  const inner = (config as Record<string, { s3Uri?: unknown } | undefined> | undefined)?.[member];
  return typeof inner?.s3Uri === 'string' ? inner.s3Uri : undefined;
}
