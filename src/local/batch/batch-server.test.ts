/** Local batch inference jobs through the real @aws-sdk/client-bedrock (and client-s3 for the files). */
import {
  BedrockClient,
  CreateModelInvocationJobCommand,
  type CreateModelInvocationJobCommandInput,
  GetModelInvocationJobCommand,
  type GetModelInvocationJobCommandOutput,
  ResourceNotFoundException,
  StopModelInvocationJobCommand,
  ValidationException,
} from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBackend } from '../server.ts';
import type { LocalBackend } from '../types.ts';

const MODEL = 'amazon.nova-micro-v1:0';
const ROLE = 'arn:aws:iam::123456789012:role/batch';
const CONTEXT = 'The warranty lasts ten years. Returns are accepted within 30 days of delivery.';
const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };

let backend: LocalBackend;
let bedrock: BedrockClient;
let runtime: BedrockRuntimeClient;
let s3: S3Client;

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 }, batch: { minRecords: 3 } });
  bedrock = new BedrockClient({ endpoint: backend.url, region: 'eu-west-1', credentials });
  runtime = new BedrockRuntimeClient({
    endpoint: backend.url,
    region: 'eu-west-1',
    credentials,
    requestHandler: new NodeHttpHandler(),
  });
  s3 = new S3Client({
    endpoint: `${backend.url}/s3`,
    forcePathStyle: true,
    region: 'eu-west-1',
    credentials,
  });
});

afterAll(async () => {
  for (const c of [bedrock, runtime, s3]) c.destroy();
  await backend.close();
});

function novaBody(question: string) {
  return {
    messages: [{ role: 'user', content: [{ text: `${CONTEXT}\nQuestion: ${question}` }] }],
    inferenceConfig: { maxTokens: 60 },
  };
}

function job(name: string, input: string, extra: Partial<CreateModelInvocationJobCommandInput> = {}) {
  return new CreateModelInvocationJobCommand({
    jobName: name,
    roleArn: ROLE,
    modelId: MODEL,
    inputDataConfig: { s3InputDataConfig: { s3Uri: input, s3InputFormat: 'JSONL' } },
    outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://out-bucket/results/' } },
    ...extra,
  });
}

async function settle(jobArn: string): Promise<{ last: GetModelInvocationJobCommandOutput; seen: string[] }> {
  const seen: string[] = [];
  for (let i = 0; i < 500; i++) {
    const last = await bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: jobArn }));
    if (seen.at(-1) !== last.status) seen.push(last.status ?? '?');
    if (['Completed', 'PartiallyCompleted', 'Failed', 'Stopped'].includes(last.status ?? ''))
      return { last, seen };
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('job did not settle');
}

async function text(bucket: string, key: string): Promise<string> {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await got.Body?.transformToString()) ?? '';
}

describe('batch inference jobs on the local backend', () => {
  it('runs a job: create → poll → Completed; outputs equal InvokeModel answers, manifest counts them', async () => {
    const questions = [
      'How long does the warranty last?',
      'When are returns accepted?',
      'What about returns?',
    ];
    const lines = questions.map((q, i) =>
      JSON.stringify({ recordId: `REC0000000${i}`, modelInput: novaBody(q) }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: 'in-bucket', Key: 'job1/input.jsonl', Body: `${lines.join('\n')}\n` }),
    );
    const created = await bedrock.send(job('evalgate-test-1', 's3://in-bucket/job1/input.jsonl'));
    expect(created.jobArn).toMatch(
      /^arn:aws:bedrock:eu-west-1:000000000000:model-invocation-job\/[a-z0-9]{12}$/,
    );
    const { last, seen } = await settle(created.jobArn!);
    expect(seen.at(-1)).toBe('Completed');
    expect(last).toMatchObject({
      jobName: 'evalgate-test-1',
      modelId: MODEL,
      roleArn: ROLE,
      totalRecordCount: 3,
      processedRecordCount: 3,
      successRecordCount: 3,
      errorRecordCount: 0,
      inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://in-bucket/job1/input.jsonl' } },
    });
    expect(last.submitTime).toBeInstanceOf(Date);
    expect(last.endTime).toBeInstanceOf(Date);

    const jobId = created.jobArn!.split('/').at(-1);
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: 'out-bucket', Prefix: `results/${jobId}/` }),
    );
    expect(listed.Contents?.map((o) => o.Key).sort()).toEqual([
      `results/${jobId}/input.jsonl.out`,
      `results/${jobId}/manifest.json.out`,
    ]);
    const out = (await text('out-bucket', `results/${jobId}/input.jsonl.out`))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((r) => r.recordId)).toEqual(['REC00000000', 'REC00000001', 'REC00000002']);
    // every modelOutput is exactly what InvokeModel answers for the same body
    let inputTokens = 0;
    let outputTokens = 0;
    for (const [i, q] of questions.entries()) {
      const res = await runtime.send(
        new InvokeModelCommand({
          modelId: MODEL,
          body: JSON.stringify(novaBody(q)),
          contentType: 'application/json',
        }),
      );
      const direct = JSON.parse(new TextDecoder().decode(res.body));
      expect(out[i].modelOutput).toEqual(direct);
      expect(out[i].modelInput).toEqual(novaBody(q));
      inputTokens += direct.usage.inputTokens;
      outputTokens += direct.usage.outputTokens;
    }
    expect(JSON.parse(await text('out-bucket', `results/${jobId}/manifest.json.out`))).toEqual({
      totalRecordCount: 3,
      processedRecordCount: 3,
      successRecordCount: 3,
      errorRecordCount: 0,
      inputTokenCount: inputTokens,
      outputTokenCount: outputTokens,
    });
  });

  it('turns bad lines into error records (PartiallyCompleted) and adds missing recordIds', async () => {
    const lines = [
      JSON.stringify({ recordId: 'GOOD0000001', modelInput: novaBody('How long does the warranty last?') }),
      '{not json',
      JSON.stringify({ recordId: 'BAD00000001', modelInput: { messages: [] } }),
      JSON.stringify({ modelInput: novaBody('When are returns accepted?') }),
    ];
    await s3.send(
      new PutObjectCommand({ Bucket: 'in-bucket', Key: 'job2/part.jsonl', Body: lines.join('\n') }),
    );
    // a folder as input: every .jsonl under it
    const created = await bedrock.send(job('evalgate-test-2', 's3://in-bucket/job2'));
    const { last } = await settle(created.jobArn!);
    expect(last).toMatchObject({ status: 'PartiallyCompleted', successRecordCount: 2, errorRecordCount: 2 });
    const jobId = created.jobArn!.split('/').at(-1);
    const out = (await text('out-bucket', `results/${jobId}/part.jsonl.out`))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out[0].modelOutput.output.message.content[0].text).toContain('ten years');
    expect(out[1].error).toEqual({
      errorCode: 400,
      errorMessage: 'Malformed input record: not a JSON object',
    });
    expect(out[2]).toMatchObject({ recordId: 'BAD00000001', error: { errorCode: 400 } });
    expect(out[2].error.errorMessage).toBe('messages must be a non-empty list');
    expect(out[3].recordId).toMatch(/^[A-Z0-9]{11}$/);
    expect(out[3].modelOutput).toBeDefined();
  });

  it('fails a job below the minimum number of records, with the counts in the message', async () => {
    const one = JSON.stringify({ recordId: 'ONLY0000001', modelInput: novaBody('How long?') });
    await s3.send(
      new PutObjectCommand({ Bucket: 'in-bucket', Key: 'small/input.jsonl', Body: `${one}\n${one}\n` }),
    );
    const created = await bedrock.send(job('evalgate-small', 's3://in-bucket/small/input.jsonl'));
    const { last } = await settle(created.jobArn!);
    expect(last.status).toBe('Failed');
    expect(last.message).toBe(
      'The input has 2 records, fewer than the minimum of 3 records per batch inference job ' +
        '(quota "Minimum number of records per batch inference job").',
    );
  });

  it('rejects unknown jobs, unknown models and bad s3 URIs with the AWS exceptions', async () => {
    const missing = await bedrock
      .send(new GetModelInvocationJobCommand({ jobIdentifier: 'abcdef123456' }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    const model = await bedrock
      .send(job('evalgate-bad-model', 's3://in-bucket/x.jsonl', { modelId: 'anthropic.claude-3-haiku' }))
      .catch((e: unknown) => e);
    expect(model).toBeInstanceOf(ValidationException);
    expect((model as Error).message).toContain('anthropic.claude-3-haiku');
    const uri = await bedrock
      .send(job('evalgate-bad-uri', 'https://example.com/x.jsonl'))
      .catch((e: unknown) => e);
    expect(uri).toBeInstanceOf(ValidationException);
    expect((uri as Error).message).toContain('s3InputDataConfig.s3Uri');
  });

  it('is idempotent on clientRequestToken and stops a running job', async () => {
    const lines = Array.from({ length: 400 }, (_, i) =>
      JSON.stringify({ recordId: `R${String(i).padStart(10, '0')}`, modelInput: novaBody(`Question ${i}?`) }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: 'in-bucket', Key: 'stop/input.jsonl', Body: lines.join('\n') }),
    );
    const cmd = () =>
      job('evalgate-stop', 's3://in-bucket/stop/input.jsonl', { clientRequestToken: 'token-1' });
    const a = await bedrock.send(cmd());
    const b = await bedrock.send(cmd());
    expect(b.jobArn).toBe(a.jobArn);
    await bedrock.send(new StopModelInvocationJobCommand({ jobIdentifier: a.jobArn }));
    const { last } = await settle(a.jobArn!);
    expect(last.status).toBe('Stopped');
    expect(last.processedRecordCount ?? 0).toBeLessThan(400);
  });
});
