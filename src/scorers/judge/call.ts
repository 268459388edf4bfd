/**
 * One judge verdict: invoke the judge Target with the rendered prompt, find the JSON in its reply, validate it;
 * on an invalid reply ask again with the validation error appended (up to `retries` more times), then give up
 * with an error. A Target error (after the runner's own retries) is an error at once.
 */
import type { z } from 'zod';
import type { InferenceConfig, Target } from '../../core/types.ts';
import { findJson } from '../json-extract.ts';
import { neutralise } from './delimit.ts';
import { issuesLine } from './verdicts.ts';

export interface JudgeUsage {
  inputTokens: number;
  outputTokens: number;
}

/** One request to the judge and what came back. */
export interface JudgeAttempt {
  /** The judge's raw reply (absent when the call itself failed). */
  reply?: string;
  /** Why the reply was rejected, or the call's error. */
  error?: string;
  latencyMs: number;
}

export type Parsed<V> = { ok: true; verdict: V } | { ok: false; error: string };

export interface JudgeCallBase {
  attempts: JudgeAttempt[];
  usage: JudgeUsage;
  latencyMs: number;
}
export type JudgeCall<V> = JudgeCallBase & ({ ok: true; verdict: V } | { ok: false; error: string });

export interface CallOptions {
  /** Extra requests after an invalid reply (default 1). */
  retries: number;
  timeoutMs: number;
  inferenceConfig?: InferenceConfig;
}

/** Validate a parsed reply with a zod schema, then optional extra checks. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  check?: (v: z.infer<S>) => string | undefined,
): (value: unknown) => Parsed<z.infer<S>> {
  return (value) => {
    const r = schema.safeParse(value);
    if (!r.success) return { ok: false, error: issuesLine(r.error) };
    const problem = check?.(r.data);
    return problem === undefined ? { ok: true, verdict: r.data } : { ok: false, error: problem };
  };
}

/** The note appended to the prompt when the previous reply was rejected. */
export function retryNote(error: string): string {
  return `\n<previous_reply_problem>\nYour previous reply was rejected: ${neutralise(error)}\n</previous_reply_problem>\n\nReply again with only the JSON object.\n`;
}

function _errorLine(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message.split('\n')[0]}`;
  return String(err);
}

export async function callJudge<V>(
  target: Target,
  prompt: string,
  parse: (value: unknown) => Parsed<V>,
  opts: CallOptions,
): Promise<JudgeCall<V>> {
  const attempts: JudgeAttempt[] = [];
  const usage: JudgeUsage = { inputTokens: 0, outputTokens: 0 };
  let latencyMs = 0;
  let text = prompt;
  let lastError = '';
  for (let i = 0; i <= opts.retries; i++) {
    const request = opts.inferenceConfig
      ? { prompt: text, inferenceConfig: opts.inferenceConfig }
      : { prompt: text };
    const started = performance.now();
    let reply: string;
    try {
      const response = await target.invoke(request, AbortSignal.timeout(opts.timeoutMs));
      const ms = response.timing.latencyMs;
      latencyMs += ms;
      usage.inputTokens += response.usage?.inputTokens ?? 0;
      usage.outputTokens += response.usage?.outputTokens ?? 0;
      reply = response.text ?? '';
      const found = findJson(reply, true);
      const parsed: Parsed<V> = found.ok
        ? parse(found.value)
        : { ok: false, error: `not JSON (${found.error})` };
      if (parsed.ok) {
        attempts.push({ reply, latencyMs: ms });
        return { ok: true, verdict: parsed.verdict, attempts, usage, latencyMs };
      }
      lastError = parsed.error;
      attempts.push({ reply, error: lastError, latencyMs: ms });
    } catch (err) {
      const ms = performance.now() - started;
      latencyMs += ms;
      const error = `judge call failed: ${_errorLine(err)}`;
      attempts.push({ error, latencyMs: ms });
      return { ok: false, error, attempts, usage, latencyMs };
    }
    text = prompt + retryNote(lastError);
  }
  const n = attempts.length;
  return {
    ok: false,
    error: `invalid verdict after ${n} attempt${n > 1 ? 's' : ''}: ${lastError}`,
    attempts,
    usage,
    latencyMs,
  };
}
