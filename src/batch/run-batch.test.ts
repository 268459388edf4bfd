/**
 * runBatchSuite with a planted job (no backend): the JSONL it sends, and how each record's fate is stored —
 * answers scored at the batch price, failed records with their class, missing records as `batch-missing`, a
 * failed job as an error for every call, and the one-line refusal below the minimum.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSuite } from '../config/index.ts';
import { EvalgateError } from '../core/errors.ts';
import { LOCAL_MODELS } from '../local/index.ts';
import { tempDir, writeFixtureSuite } from '../plan/_test-fixtures.ts';
import { type DuckDbStore, openStore } from '../store/index.ts';
import { ClientPool } from '../targets/clients.ts';
import type { FinishedJob, JobRequest, runBatchJob } from './job-client.ts';
import { type RecordOutcome, recordIdOf } from './records.ts';
import { runBatchSuite } from './run-batch.ts';

const TARGETS = `  - id: micro
    model: amazon.nova-micro-v1:0
    api: invoke
    inference: { maxTokens: 50 }
  - id: streamed
    model: amazon.nova-micro-v1:0
    api: converse-stream
    retry: { maxAttempts: 1 }`;

let store: DuckDbStore | undefined;
let clients: ClientPool | undefined;
afterEach(async () => {
  await store?.close();
  clients?.destroy();
  store = undefined;
});

function nova(text: string, input = 1000, output = 1000) {
  return {
    output: { message: { role: 'assistant', content: [{ text }] } },
    stopReason: 'end_turn',
    usage: { inputTokens: input, outputTokens: output, totalTokens: input + output },
  };
}

async function setup(rows: number, extra = 'batch: { minRecords: 3 }') {
  const dir = await tempDir('evalgate-batch-');
  const scorers = `  - type: contains\n  - type: cost\n  - type: latency`;
  const file = await writeFixtureSuite(dir, { rows, targets: TARGETS, extra });
  const { readFile, writeFile } = await import('node:fs/promises');
  await writeFile(file, (await readFile(file, 'utf8')).replace('  - type: contains', scorers));
  const loaded = await loadSuite(file, { knownModels: new Set(LOCAL_MODELS.map((m) => m.id)) });
  store = await openStore(join(dir, 'evalgate.duckdb'));
  // the `streamed` target runs on demand: point it at nothing reachable, one attempt (an error result is fine)
  clients = new ClientPool({ kind: 'local', endpoint: 'http://127.0.0.1:9', region: 'us-east-1' });
  return loaded;
}

function plantedJob(
  outcomes: (req: JobRequest) => Map<string, RecordOutcome>,
  status = 'PartiallyCompleted',
) {
  const sent: JobRequest[] = [];
  const runJob: typeof runBatchJob = async (_c, _s, req) => {
    sent.push(req);
    const job: FinishedJob = {
      jobArn: 'arn:aws:bedrock:us-east-1:000000000000:model-invocation-job/abc123def456',
      jobId: 'abc123def456',
      status,
      ...(status === 'Failed' ? { message: 'role cannot read the bucket' } : {}),
      outcomes: status === 'Failed' ? new Map() : outcomes(req),
      unreadable: 0,
      wallMs: 1234,
    };
    return job;
  };
  return { sent, runJob };
}

describe('runBatchSuite', () => {
  it('sends one JSONL line per call and stores every call once with its fate', async () => {
    const loaded = await setup(6);
    const { sent, runJob } = plantedJob(
      () =>
        new Map<string, RecordOutcome>([
          [recordIdOf('c1', 0), { ok: true, modelOutput: nova('1') }],
          [recordIdOf('c2', 0), { ok: true, modelOutput: nova('2') }],
          [recordIdOf('c3', 0), { ok: true, modelOutput: nova('wrong') }],
          [recordIdOf('c4', 0), { ok: false, errorCode: 500, errorMessage: 'boom' }],
          [recordIdOf('c5', 0), { ok: false, errorCode: 'ModelFailure', errorMessage: 'odd' }],
          // c6 is missing from the output
        ]),
    );
    const notes: string[] = [];
    const progress = { start() {}, tick() {}, finish() {}, note: (l: string) => notes.push(l) };
    const result = await runBatchSuite({
      loaded,
      store: store!,
      clients: clients!,
      backendLabel: 'local (test)',
      progress,
      runJob,
      cache: 'off',
    });

    expect(sent).toHaveLength(1); // only `micro`: converse-stream runs on demand
    expect(sent[0]).toMatchObject({
      targetId: 'micro',
      modelId: 'amazon.nova-micro-v1:0',
      runId: result.runId,
    });
    const lines = sent[0]!.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines[0]).toEqual({
      recordId: recordIdOf('c1', 0),
      modelInput: {
        messages: [{ role: 'user', content: [{ text: 'Question: What is 1 plus zero?' }] }],
        system: [{ text: 'Answer with the number only.' }],
        inferenceConfig: { maxTokens: 50 },
      },
    });
    expect(recordIdOf('c1', 0)).toMatch(/^[0-9A-F]{16}$/);
    expect(notes).toContain('target streamed runs on demand: api converse-stream has no batch mode');
    expect(notes).toContain(
      'target micro: latency is not measured per call in batch mode; latency scorer skipped',
    );

    const rows = (await store!.listResults(result.runId)).filter((r) => r.targetId === 'micro');
    const byCase = Object.fromEntries(rows.map((r) => [r.caseId, r]));
    expect(rows).toHaveLength(6);
    expect(byCase.c1).toMatchObject({ status: 'ok', outputText: '1', latencyMs: 0, inputTokens: 1000 });
    expect(byCase.c4).toMatchObject({ status: 'error', errorClass: 'InternalServerException', attempts: 1 });
    expect(byCase.c4!.errorMessage).toBe(
      `batch record ${recordIdOf('c4', 0)} (job abc123def456): error 500: boom`,
    );
    expect(byCase.c5).toMatchObject({ status: 'error', errorClass: 'BatchRecordError' });
    expect(byCase.c6).toMatchObject({ status: 'error', errorClass: 'batch-missing' });
    expect((byCase.c1!.raw as { batch: unknown }).batch).toEqual({
      jobArn: 'arn:aws:bedrock:us-east-1:000000000000:model-invocation-job/abc123def456',
      recordId: recordIdOf('c1', 0),
    });

    const scores = (await store!.listScores(result.runId)).filter((s) => s.targetId === 'micro');
    const metric = (caseId: string, m: string) =>
      scores.find((s) => s.caseId === caseId && s.metric === m)?.value;
    expect(metric('c1', 'contains')).toBe(1);
    expect(metric('c3', 'contains')).toBe(0);
    // nova-micro batch: (0.000035 + 0.00014) × (1 − 0.5) per 1k → 1000 in + 1000 out = 0.0000875 USD
    expect(metric('c1', 'cost_usd')).toBeCloseTo(0.0000875, 12);
    expect(scores.some((s) => s.metric === 'latency_ms')).toBe(false);
    expect(result.counts).toMatchObject({ cases: 6, calls: 12, ok: 3 });
    expect(result.counts.errorsByClass).toMatchObject({
      InternalServerException: 1,
      BatchRecordError: 1,
      'batch-missing': 1,
    });
  });

  it('stores every call as BatchJobFailed when the job fails as a whole', async () => {
    const loaded = await setup(4);
    const { runJob } = plantedJob(() => new Map(), 'Failed');
    const result = await runBatchSuite({
      loaded,
      store: store!,
      clients: clients!,
      backendLabel: 't',
      runJob,
    });
    const rows = (await store!.listResults(result.runId)).filter((r) => r.targetId === 'micro');
    expect(rows.map((r) => r.errorClass)).toEqual(Array(4).fill('BatchJobFailed'));
    expect(rows[0]!.errorMessage).toBe('batch job abc123def456 Failed: role cannot read the bucket');
  });

  it('stores every call with the error class when the job cannot be submitted', async () => {
    const loaded = await setup(3);
    const runJob: typeof runBatchJob = async () => {
      const err = new Error('User is not authorized to perform: iam:PassRole');
      err.name = 'AccessDeniedException';
      throw err;
    };
    const result = await runBatchSuite({
      loaded,
      store: store!,
      clients: clients!,
      backendLabel: 't',
      runJob,
    });
    const rows = (await store!.listResults(result.runId)).filter((r) => r.targetId === 'micro');
    expect(rows.map((r) => r.errorClass)).toEqual(Array(3).fill('AccessDeniedException'));
    expect(rows[0]!.errorMessage).toBe(
      'batch job of target micro could not run: User is not authorized to perform: iam:PassRole',
    );
  });

  it('refuses a target below the minimum records per job, in one line, before any run starts', async () => {
    const loaded = await setup(4, '');
    const { sent, runJob } = plantedJob(() => new Map());
    const err = await runBatchSuite({
      loaded,
      store: store!,
      clients: clients!,
      backendLabel: 't',
      runJob,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvalgateError);
    expect((err as EvalgateError).message).toBe(
      `${loaded.displayPath}: target "micro" has 4 records (4 cases × 1 repeats), fewer than the minimum of 100 ` +
        'per Bedrock batch inference job; run without --batch, or lower batch.minRecords / --batch-min-records ' +
        "if your account's quota allows",
    );
    expect(sent).toHaveLength(0);
    expect(await store!.latestRunId()).toBeUndefined();
  });
});
