/**
 * The AWS side of one batch job, through the real SDK clients: PutObject the input, CreateModelInvocationJob,
 * poll GetModelInvocationJob with backoff, then list and GetObject the output files.
 */
import { createHash } from 'node:crypto';
import {
  CreateModelInvocationJobCommand,
  GetModelInvocationJobCommand,
  type GetModelInvocationJobCommandOutput,
} from '@aws-sdk/client-bedrock';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { ClientPool } from '../targets/clients.ts';
import { parseOutput, type RecordOutcome } from './records.ts';
import type { BatchSettings } from './settings.ts';

export const TERMINAL = new Set(['Completed', 'PartiallyCompleted', 'Failed', 'Stopped', 'Expired']);
/** Statuses whose output files hold record results. */
export const READABLE = new Set(['Completed', 'PartiallyCompleted']);

export interface JobRequest {
  runId: string;
  targetId: string;
  modelId: string;
  region?: string;
  /** The JSONL input. */
  body: string;
}

export interface FinishedJob {
  jobArn: string;
  jobId: string;
  status: string;
  message?: string;
  /** Record outcomes by recordId (empty unless the status is readable). */
  outcomes: Map<string, RecordOutcome>;
  /** Output lines that could not be read. */
  unreadable: number;
  /** Wall time from submission to the terminal status, ms. */
  wallMs: number;
}

/** Uploads the input, starts the job, waits for a terminal status and reads the output back. */
export async function runBatchJob(
  clients: ClientPool,
  settings: BatchSettings,
  req: JobRequest,
  note: (line: string) => void,
  sleep: (ms: number) => Promise<void> = _sleep,
): Promise<FinishedJob> {
  const s3 = clients.s3(req.region);
  const bedrock = clients.bedrock(req.region);
  const folder = [settings.prefix, req.runId, req.targetId].filter(Boolean).join('/');
  const inputKey = `${folder}/input.jsonl`;
  const outputKey = `${folder}/output/`;
  await s3.send(
    new PutObjectCommand({
      Bucket: settings.bucket,
      Key: inputKey,
      Body: req.body,
      ContentType: 'application/jsonl',
    }),
  );
  const digest = createHash('sha256')
    .update(`${req.runId}\n${req.targetId}\n`)
    .update(req.body)
    .digest('hex');
  const started = performance.now();
  const created = await bedrock.send(
    new CreateModelInvocationJobCommand({
      jobName: _jobName(req.targetId, digest),
      roleArn: settings.roleArn,
      modelId: req.modelId,
      // same run, target and input → the same job (a retried create does not start a second one)
      clientRequestToken: digest.slice(0, 64),
      inputDataConfig: {
        s3InputDataConfig: { s3Uri: `s3://${settings.bucket}/${inputKey}`, s3InputFormat: 'JSONL' },
      },
      outputDataConfig: { s3OutputDataConfig: { s3Uri: `s3://${settings.bucket}/${outputKey}` } },
      ...(settings.timeoutHours ? { timeoutDurationInHours: settings.timeoutHours } : {}),
    }),
  );
  const jobArn = created.jobArn ?? '';
  const jobId = jobArn.slice(jobArn.lastIndexOf('/') + 1);
  note(`batch job ${jobId} (target ${req.targetId}) submitted: s3://${settings.bucket}/${inputKey}`);
  let job: GetModelInvocationJobCommandOutput;
  let wait = settings.poll.firstMs;
  let last = '';
  for (;;) {
    job = await bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: jobArn }));
    const status = job.status ?? 'unknown';
    const line = `${status}${job.totalRecordCount !== undefined ? `, ${job.processedRecordCount ?? 0}/${job.totalRecordCount} records` : ''}`;
    if (line !== last) note(`batch job ${jobId} (target ${req.targetId}): ${line}`);
    last = line;
    if (TERMINAL.has(status)) break;
    await sleep(wait);
    wait = Math.min(settings.poll.maxMs, Math.round(wait * 1.5));
  }
  const wallMs = performance.now() - started;
  const status = job.status ?? 'unknown';
  const outcomes = new Map<string, RecordOutcome>();
  let unreadable = 0;
  if (READABLE.has(status)) {
    for (const key of await _outputKeys(clients, req.region, settings.bucket, `${outputKey}${jobId}/`)) {
      const got = await s3.send(new GetObjectCommand({ Bucket: settings.bucket, Key: key }));
      unreadable += parseOutput((await got.Body?.transformToString('utf8')) ?? '', outcomes).unreadable;
    }
  }
  return {
    jobArn,
    jobId,
    status,
    ...(job.message ? { message: job.message } : {}),
    outcomes,
    unreadable,
    wallMs,
  };
}

/** The record files of a job's output folder (`*.out`, not the manifest). */
async function _outputKeys(clients: ClientPool, region: string | undefined, bucket: string, prefix: string) {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients
      .s3(region)
      .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? [])
      if (o.Key?.endsWith('.out') && !o.Key.endsWith('manifest.json.out')) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** `evalgate-<target>-<hash>`, within Bedrock's jobName rule (1-63 chars of letters, digits, `-`, `+`, `.`). */
function _jobName(targetId: string, digest: string): string {
  const target = targetId.replace(/[^A-Za-z0-9+.-]/g, '-').replace(/^-+/, '');
  const head = `evalgate-${target}`.slice(0, 50).replace(/-+$/, '');
  return `${head}-${digest.slice(0, 12)}`;
}

function _sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
