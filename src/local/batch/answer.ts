/**
 * One batch record answered by a local model: the record's `modelInput` is the InvokeModel body of the model
 * (Amazon Nova messages format) or, for a `Converse` job, a Converse request body; the answer is the matching
 * response body (`modelOutput`), or Bedrock's per-record `error` object when the input is invalid.
 */
import { generate, type LocalModel } from '../models/index.ts';
import type { ModelInput } from '../models/prompt.ts';
import type { Sampler } from '../models/sampling.ts';
import { parseConverseBody, parseNovaBody, RequestValidationError } from '../routes/bedrock-parse.ts';

export type InvocationType = 'InvokeModel' | 'Converse';

export interface RecordError {
  /** HTTP-style code, as Bedrock writes it (400 invalid input, 500 internal error). */
  errorCode: number;
  errorMessage: string;
}

export type RecordAnswer =
  | { ok: true; modelOutput: Record<string, unknown>; inputTokens: number; outputTokens: number }
  | { ok: false; error: RecordError };

export function answerRecord(
  model: LocalModel,
  modelInput: unknown,
  type: InvocationType,
  sampler?: Sampler,
): RecordAnswer {
  let input: ModelInput;
  try {
    const body = Buffer.from(JSON.stringify(modelInput ?? null));
    input = type === 'Converse' ? parseConverseBody(body) : parseNovaBody(body);
  } catch (err) {
    if (!(err instanceof RequestValidationError)) throw err;
    return { ok: false, error: { errorCode: 400, errorMessage: err.message } };
  }
  const gen = generate(model, input, sampler);
  const usage = {
    inputTokens: gen.inputTokens,
    outputTokens: gen.outputTokens,
    totalTokens: gen.inputTokens + gen.outputTokens,
  };
  const message = { role: 'assistant', content: [{ text: gen.text }] };
  const modelOutput: Record<string, unknown> = { output: { message }, stopReason: gen.stopReason, usage };
  if (type === 'Converse') modelOutput.metrics = { latencyMs: Math.round(gen.firstByteMs + gen.decodeMs) };
  return { ok: true, modelOutput, inputTokens: gen.inputTokens, outputTokens: gen.outputTokens };
}
