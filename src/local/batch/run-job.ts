/**
 * Runs one local batch job in the background, the way Bedrock does (BATCH.md):
 * Submitted → Validating (find the `.jsonl` input, count records, hold the minimum) → InProgress (answer each
 * record with the local model) → Completed, or PartiallyCompleted when some records failed, or Failed / Stopped.
 * Output: `<output uri>/<job id>/<input file name>.out`, one line per record
 * (`{recordId, modelInput, modelOutput}` or `{recordId, modelInput, error: {errorCode, errorMessage}}`), and
 * `<output uri>/<job id>/manifest.json.out` with the counts and token totals.
 */

import { getLocalModel } from '../models/index.ts';
import { fnv1a } from '../prng.ts';
import { answerRecord, type RecordError } from './answer.ts';
import { type BatchJob, type JobEnv, setStatus } from './job-state.ts';
import { asFolder, parseS3Uri, type S3Location } from './s3-uri.ts';

/** Records answered between two yields to the event loop (polls see progress; the server stays responsive). */
const SLICE = 64;

interface _Totals {
  success: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
}

export async function runJob(job: BatchJob, env: JobEnv): Promise<void> {
  try {
    await _tick();
    if (job.stopRequested) return setStatus(job, 'Stopped');
    setStatus(job, 'Validating');
    const inputs = _inputFiles(job, env);
    if (typeof inputs === 'string') return setStatus(job, 'Failed', inputs);
    const files = inputs.map((key) => ({ key, lines: _lines(env, job, key) }));
    const total = files.reduce((n, f) => n + f.lines.length, 0);
    job.totalRecordCount = total;
    if (total < env.minRecords) {
      const message =
        `The input has ${total} records, fewer than the minimum of ${env.minRecords} records per batch ` +
        'inference job (quota "Minimum number of records per batch inference job").';
      return setStatus(job, 'Failed', message);
    }
    await _tick();
    setStatus(job, 'InProgress');
    job.processedRecordCount = 0;
    job.successRecordCount = 0;
    job.errorRecordCount = 0;
    const totals: _Totals = { success: 0, errors: 0, inputTokens: 0, outputTokens: 0 };
    const out = parseS3Uri(job.outputUri) as S3Location;
    const folder = `${asFolder(out.key)}${job.jobId}/`;
    for (const file of files) {
      const lines: string[] = [];
      for (const [i, line] of file.lines.entries()) {
        if (job.stopRequested) break;
        lines.push(_answerLine(job, env, line, `${file.key}#${i}`, totals));
        job.processedRecordCount++;
        job.successRecordCount = totals.success;
        job.errorRecordCount = totals.errors;
        if ((i + 1) % SLICE === 0) await _tick();
      }
      const name = file.key.slice(file.key.lastIndexOf('/') + 1);
      env.objects.put(out.bucket, `${folder}${name}.out`, Buffer.from(lines.map((l) => `${l}\n`).join('')));
      if (job.stopRequested) break;
    }
    const manifest = {
      totalRecordCount: total,
      processedRecordCount: job.processedRecordCount,
      successRecordCount: totals.success,
      errorRecordCount: totals.errors,
      inputTokenCount: totals.inputTokens,
      outputTokenCount: totals.outputTokens,
    };
    env.objects.put(out.bucket, `${folder}manifest.json.out`, Buffer.from(JSON.stringify(manifest)));
    if (job.stopRequested) return setStatus(job, 'Stopped');
    setStatus(job, totals.errors > 0 ? 'PartiallyCompleted' : 'Completed');
  } catch (err) {
    setStatus(job, 'Failed', `Internal error of the evalgate local backend: ${String(err)}`);
  }
}

/** The input object keys: the s3Uri itself when it names an object, else every `.jsonl` under it as a folder. */
function _inputFiles(job: BatchJob, env: JobEnv): string[] | string {
  const loc = parseS3Uri(job.inputUri) as S3Location;
  if (loc.key && env.objects.get(loc.bucket, loc.key)) {
    if (!loc.key.endsWith('.jsonl')) return `The input file ${job.inputUri} must have the extension .jsonl.`;
    return [loc.key];
  }
  const keys = env.objects
    .list(loc.bucket, asFolder(loc.key), '', Number.MAX_SAFE_INTEGER)
    .objects.map((o) => o.key)
    .filter((k) => k.endsWith('.jsonl'));
  return keys.length ? keys : `No .jsonl input files found at ${job.inputUri}.`;
}

function _lines(env: JobEnv, job: BatchJob, key: string): string[] {
  const bucket = (parseS3Uri(job.inputUri) as S3Location).bucket;
  const body = env.objects.get(bucket, key)?.body.toString('utf8') ?? '';
  return body.split('\n').filter((l) => l.trim() !== '');
}

/** One output line for one input line; a malformed line becomes an error record (errorCode 400). */
function _answerLine(job: BatchJob, env: JobEnv, line: string, where: string, totals: _Totals): string {
  let record: { recordId?: unknown; modelInput?: unknown } | undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) record = parsed;
  } catch {
    record = undefined;
  }
  // Bedrock adds a recordId when the line has none
  const recordId =
    typeof record?.recordId === 'string' ? record.recordId : _generatedId(`${job.jobId}\n${where}`);
  const fail = (error: RecordError, modelInput: unknown): string => {
    totals.errors++;
    return JSON.stringify({ recordId, modelInput, error });
  };
  if (!record)
    return fail({ errorCode: 400, errorMessage: 'Malformed input record: not a JSON object' }, line);
  if (record.modelInput === undefined)
    return fail({ errorCode: 400, errorMessage: 'Malformed input record: missing modelInput' }, null);
  const injected = _injectedError(env, recordId);
  if (injected) return fail(injected, record.modelInput);
  const model = getLocalModel(job.modelId);
  if (!model)
    return fail({ errorCode: 400, errorMessage: `Unknown model ${job.modelId}` }, record.modelInput);
  const answer = answerRecord(model, record.modelInput, job.modelInvocationType, env.faults().sampler);
  if (!answer.ok) return fail(answer.error, record.modelInput);
  totals.success++;
  totals.inputTokens += answer.inputTokens;
  totals.outputTokens += answer.outputTokens;
  return JSON.stringify({ recordId, modelInput: record.modelInput, modelOutput: answer.modelOutput });
}

/**
 * Fault injection: the backend's `errorRate` fails that fraction of records with errorCode 500. The draw is a
 * hash of the fault seed and the recordId, so the same records fail whatever their order or job.
 */
function _injectedError(env: JobEnv, recordId: string): RecordError | undefined {
  const config = env.faults().config;
  const rate = config.errorRate ?? 0;
  if (rate <= 0) return undefined;
  const u = fnv1a(`${config.seed ?? 1}\n${recordId}`) / 2 ** 32;
  if (u >= rate) return undefined;
  return {
    errorCode: 500,
    errorMessage: 'An internal server error occurred (evalgate local backend: injected record error).',
  };
}

/** An 11-character alphanumeric record id, from a hash. */
function _generatedId(seed: string): string {
  const a = fnv1a(seed).toString(36).toUpperCase();
  const b = fnv1a(`${seed}\n2`).toString(36).toUpperCase();
  return `${a}${b}`.padEnd(11, '0').slice(0, 11);
}

function _tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
