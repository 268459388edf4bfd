/**
 * Bedrock (control plane) batch inference routes, as @aws-sdk/client-bedrock serialises them (restJson1):
 * CreateModelInvocationJob `POST /model-invocation-job`, GetModelInvocationJob
 * `GET /model-invocation-job/{jobIdentifier}`, StopModelInvocationJob
 * `POST /model-invocation-job/{jobIdentifier}/stop`, ListModelInvocationJobs `GET /model-invocation-jobs`.
 * Jobs run in the background on the local models (batch/run-job.ts); see BATCH.md.
 */
import type { BatchJob } from '../batch/job-state.ts';
import type { JobError } from '../batch/jobs.ts';
import { readBody, sendAwsError, sendJson } from '../http-util.ts';
import type { Route, RouteContext } from '../router.ts';

/** The region of the SigV4 credential scope (`Credential=<key>/<date>/<region>/bedrock/aws4_request`). */
function _region(ctx: RouteContext): string {
  const auth = ctx.req.headers.authorization;
  const m = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(typeof auth === 'string' ? auth : '');
  return m?.[1] ?? 'us-east-1';
}

function _describe(job: BatchJob): Record<string, unknown> {
  const counts =
    job.totalRecordCount === undefined
      ? {}
      : {
          totalRecordCount: job.totalRecordCount,
          processedRecordCount: job.processedRecordCount ?? 0,
          successRecordCount: job.successRecordCount ?? 0,
          errorRecordCount: job.errorRecordCount ?? 0,
        };
  return {
    jobArn: job.jobArn,
    jobName: job.jobName,
    modelId: job.modelId,
    roleArn: job.roleArn,
    ...(job.clientRequestToken ? { clientRequestToken: job.clientRequestToken } : {}),
    status: job.status,
    ...(job.message ? { message: job.message } : {}),
    submitTime: job.submitTime.toISOString(),
    lastModifiedTime: job.lastModifiedTime.toISOString(),
    ...(job.endTime ? { endTime: job.endTime.toISOString() } : {}),
    inputDataConfig: { s3InputDataConfig: { s3Uri: job.inputUri, s3InputFormat: 'JSONL' } },
    outputDataConfig: { s3OutputDataConfig: { s3Uri: job.outputUri } },
    timeoutDurationInHours: job.timeoutDurationInHours,
    jobExpirationTime: new Date(
      job.submitTime.getTime() + job.timeoutDurationInHours * 3_600_000,
    ).toISOString(),
    modelInvocationType: job.modelInvocationType,
    ...counts,
  };
}

function _send(ctx: RouteContext, result: BatchJob | JobError, body: (job: BatchJob) => unknown): void {
  if ('error' in result) sendAwsError(ctx.res, result.error, result.message);
  else sendJson(ctx.res, 200, body(result));
}

async function _create(ctx: RouteContext): Promise<void> {
  const text = (await readBody(ctx.req)).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text || '{}');
  } catch {
    return sendAwsError(ctx.res, 'ValidationException', 'Request body is not valid JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return sendAwsError(ctx.res, 'ValidationException', 'Request body must be a JSON object');
  const result = ctx.state.batchJobs.create(body as Record<string, unknown>, _region(ctx));
  _send(ctx, result, (job) => ({ jobArn: job.jobArn }));
}

export const bedrockBatchRoutes: Route[] = [
  { method: 'POST', path: '/model-invocation-job', handle: _create },
  {
    method: 'GET',
    path: '/model-invocation-job/{jobIdentifier}',
    async handle(ctx) {
      ctx.req.resume();
      _send(ctx, ctx.state.batchJobs.get(ctx.params.jobIdentifier ?? ''), _describe);
    },
  },
  {
    method: 'POST',
    path: '/model-invocation-job/{jobIdentifier}/stop',
    async handle(ctx) {
      ctx.req.resume();
      _send(ctx, ctx.state.batchJobs.stop(ctx.params.jobIdentifier ?? ''), () => ({}));
    },
  },
  {
    method: 'GET',
    path: '/model-invocation-jobs',
    async handle(ctx) {
      ctx.req.resume();
      const summaries = ctx.state.batchJobs.list().map(_describe);
      sendJson(ctx.res, 200, { invocationJobSummaries: summaries });
    },
  },
];
