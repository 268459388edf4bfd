/**
 * One target through Bedrock batch inference: render every call, write the JSONL (the model family's
 * InvokeModel body per record), run the job (job-client.ts), then hand each (case, repeat, response) to
 * executeCall with a target that returns the fetched response — so scoring, counting and storing are the normal
 * code. A failed record becomes an error result with its class; a record missing from the output becomes a
 * `batch-missing` error; a job that fails as a whole makes every call an error `BatchJob<status>`.
 */
import type { SuiteTarget } from '../config/schema.ts';
import type { Price, Target, TargetResponse } from '../core/types.ts';
import { executeCall } from '../runner/execute.ts';
import { laneCount, runPool } from '../runner/pool.ts';
import type { TargetRunContext } from '../runner/target-runner.ts';
import { type InvokeFormat, invokeFormatFor } from '../targets/invoke-formats.ts';
import { type FinishedJob, runBatchJob } from './job-client.ts';
import { inputLine, type RecordOutcome, recordErrorClass, recordIdOf } from './records.ts';
import type { BatchSettings } from './settings.ts';

/** Why a target cannot go through batch inference (it then runs on demand); undefined when it can. */
export function batchUnsupported(spec: SuiteTarget): string | undefined {
  if (spec.api !== 'invoke' && spec.api !== 'converse') return `api ${spec.api} has no batch mode`;
  if (spec.managedPrompt) return 'a Prompt Management prompt is not sent through batch inference';
  if (spec.guardrail) return 'guardrails are not applied by batch inference';
  if (!invokeFormatFor(spec.model)) return `model ${spec.model} has no InvokeModel body format here`;
  return undefined;
}

export interface BatchTargetEnv {
  settings: BatchSettings;
  clients: Parameters<typeof runBatchJob>[0];
  /** The batch price of a model (the price table's batch discount), undefined when unknown. */
  batchPrice(modelId: string, region?: string): Price | undefined;
  /** Injected in tests. */
  runJob?: typeof runBatchJob;
}

/** Runs one target's calls as a batch job; every call reaches `ctx.onResult` exactly once. */
export async function runBatchTarget(ctx: TargetRunContext, env: BatchTargetEnv): Promise<void> {
  const { spec } = ctx;
  const format = invokeFormatFor(spec.model) as InvokeFormat;
  const lines: string[] = [];
  const keys = new Map<string, string>();
  for await (const call of ctx.calls()) {
    const id = recordIdOf(call.evalCase.id, call.repeat);
    const key = `${call.evalCase.id}#${call.repeat}`;
    if (keys.has(id) && keys.get(id) !== key)
      throw new Error(`recordId collision: ${key} and ${keys.get(id)}`);
    keys.set(id, key);
    try {
      lines.push(inputLine(id, format.body(ctx.render(call.evalCase))));
    } catch {
      // a template error: executeCall below renders again and stores it as a TemplateError
    }
  }
  let job: FinishedJob | Error | undefined;
  try {
    job =
      lines.length > 0
        ? await (env.runJob ?? runBatchJob)(
            env.clients,
            env.settings,
            {
              runId: ctx.runId,
              targetId: spec.id,
              modelId: spec.model,
              region: spec.region,
              body: `${lines.join('\n')}\n`,
            },
            ctx.note,
          )
        : undefined;
  } catch (err) {
    // S3 or the job API refused (access, validation, network): every call is stored with that error's class
    const e = err as Error;
    job = _error(
      e?.name || 'Error',
      `batch job of target ${spec.id} could not run: ${e?.message ?? String(err)}`,
    );
    ctx.note(job.message);
  }
  if (job && !(job instanceof Error)) _noteJob(ctx, job, lines.length);

  const price = env.batchPrice(spec.model, spec.region);
  if (!price)
    ctx.note(`target ${spec.id}: no batch price known for ${spec.model}; cost_usd uses on-demand prices`);
  const scoreContext = { ...ctx.deps.scoreContext, ...(price ? { price } : {}) };
  // a batch job reports no per-call latency: the latency scorer would record 0 ms for every case
  const scorers = ctx.deps.scorers.filter((s) => s.type !== 'latency');
  if (scorers.length < ctx.deps.scorers.length)
    ctx.note(`target ${spec.id}: latency is not measured per call in batch mode; latency scorer skipped`);
  const deps = {
    ...ctx.deps,
    scorers,
    retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    gate: undefined,
  };
  await runPool(ctx.calls(), laneCount(spec.concurrency), async (call) => {
    const recordId = recordIdOf(call.evalCase.id, call.repeat);
    const others = ctx.others(call.evalCase.id, call.repeat);
    const result = await executeCall(call.evalCase, call.repeat, () => ctx.render(call.evalCase), {
      ...deps,
      target: _answered(ctx.target, format, job, recordId),
      scoreContext: others ? { ...scoreContext, otherResponses: others } : scoreContext,
    });
    await ctx.onResult(result);
  });
}

function _noteJob(ctx: TargetRunContext, job: FinishedJob, sent: number): void {
  const seconds = (job.wallMs / 1000).toFixed(1);
  const readable = job.status === 'Completed' || job.status === 'PartiallyCompleted';
  const missing = readable && job.outcomes.size < sent ? `, ${sent - job.outcomes.size} records missing` : '';
  const unreadable = job.unreadable ? `, ${job.unreadable} unreadable output lines` : '';
  ctx.note(
    `batch job ${job.jobId} (target ${ctx.spec.id}) ${job.status} after ${seconds} s${missing}${unreadable}` +
      `${job.message ? `: ${job.message}` : ''}`,
  );
}

/** A target whose one "call" answers with what the batch job returned for this record. */
function _answered(
  target: Target,
  format: InvokeFormat,
  job: FinishedJob | Error | undefined,
  recordId: string,
): Target {
  const invoke = async (): Promise<TargetResponse> => {
    if (job instanceof Error) throw job;
    if (!job) throw _error('batch-missing', `record ${recordId}: no batch job ran`);
    if (!['Completed', 'PartiallyCompleted'].includes(job.status)) {
      throw _error(
        `BatchJob${job.status}`,
        `batch job ${job.jobId} ${job.status}${job.message ? `: ${job.message}` : ''}`,
      );
    }
    const outcome: RecordOutcome | undefined = job.outcomes.get(recordId);
    if (!outcome)
      throw _error(
        'batch-missing',
        `record ${recordId} is missing from the output of batch job ${job.jobId}`,
      );
    if (!outcome.ok) {
      throw _error(
        recordErrorClass(outcome.errorCode),
        `batch record ${recordId} (job ${job.jobId}): error ${outcome.errorCode}: ${outcome.errorMessage}`,
      );
    }
    const parsed = format.parse(outcome.modelOutput);
    const raw = { ...(outcome.modelOutput as object), batch: { jobArn: job.jobArn, recordId } };
    // latency is unknown per record (a job's wall time is not a call's latency): 0, and no latency score
    return { ...parsed, timing: { latencyMs: 0 }, raw };
  };
  return { id: target.id, kind: `${target.kind}-batch`, modelId: target.modelId, invoke };
}

function _error(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}
