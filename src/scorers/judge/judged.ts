/**
 * Grade one case with a single-prompt judge task: render the prompt, run `samples` independent judge calls,
 * grade each verdict, and build the Score (mean of the samples) with its evidence in `details`.
 */
import type { z } from 'zod';
import type { Score } from '../../core/types.ts';
import { costUsd } from '../cost.ts';
import { callJudge, type JudgeAttempt, type JudgeCall, type JudgeUsage, type Parsed } from './call.ts';
import type { JudgeSetup } from './options.ts';
import type { JudgeVars } from './prompt.ts';
import { sampleStats } from './samples.ts';
import { responseSchema } from './verdicts.ts';

/** A verdict turned into a 0..1 value, a one-line reason and task evidence (e.g. claims). */
export interface Graded {
  value: number;
  reason: string;
  details?: Record<string, unknown>;
}

/** One sample as stored in `details.verdicts`. */
export interface SampleRecord {
  value?: number;
  verdict?: unknown;
  error?: string;
  attempts: JudgeAttempt[];
}

/** A case the judge could not grade: value NaN (never a silent 0 or 1), no pass/fail. */
export function judgeErrorScore(metric: string, error: string, details: Record<string, unknown>): Score {
  return {
    metric,
    value: Number.NaN,
    reason: `judge_error: ${error}`,
    details: { ...details, judgeError: true },
  };
}

/** Sum usage and latency over calls. */
export function totals(calls: readonly JudgeCall<unknown>[]): { usage: JudgeUsage; latencyMs: number } {
  const usage = { inputTokens: 0, outputTokens: 0 };
  let latencyMs = 0;
  for (const c of calls) {
    usage.inputTokens += c.usage.inputTokens;
    usage.outputTokens += c.usage.outputTokens;
    latencyMs += c.latencyMs;
  }
  return { usage, latencyMs };
}

/** Run `setup.samples` independent calls of one prompt (in parallel; the runner's judge Target paces them). */
export async function runSamples<V>(
  setup: JudgeSetup,
  prompt: string,
  parse: (value: unknown) => Parsed<V>,
): Promise<JudgeCall<V>[] | undefined> {
  if (setup.target(0) === undefined) return undefined;
  const runs = Array.from({ length: setup.samples }, (_, i) =>
    callJudge(setup.target(i)!, prompt, parse, setup.call),
  );
  return Promise.all(runs);
}

export const NO_JUDGE = 'no judge provider: this run cannot call judge models';

/** The reason of a multi-sample score: the spread, then the first sample's reason. */
export function samplesReason(values: number[], threshold: number, first: string): string {
  const stats = sampleStats(values, threshold);
  const list = values.map((v) => Number(v.toFixed(3))).join(', ');
  const flaky = stats.flaky ? `flaky: ${stats.above} of ${stats.n} samples pass, ${stats.below} fail; ` : '';
  return `${flaky}mean of ${stats.n} samples [${list}]; first: ${first}`;
}

export async function judgeCase<V>(
  setup: JudgeSetup,
  vars: JudgeVars,
  schema: z.ZodType,
  parse: (value: unknown) => Parsed<V>,
  grade: (verdict: V) => Graded,
): Promise<Score> {
  const prompt = setup.prompt.render(vars, responseSchema(schema));
  const base = { judge: setup.info, prompt };
  const calls = await runSamples(setup, prompt, parse);
  if (calls === undefined) return judgeErrorScore(setup.metric, NO_JUDGE, base);
  const { usage, latencyMs } = totals(calls);
  const cost = setup.price ? { costUsd: costUsd(usage.inputTokens, usage.outputTokens, setup.price) } : {};
  const graded = calls.map((c) => (c.ok ? grade(c.verdict) : undefined));
  const verdicts: SampleRecord[] = calls.map((c, i) =>
    c.ok
      ? { value: graded[i]!.value, verdict: c.verdict, attempts: c.attempts }
      : { error: c.error, attempts: c.attempts },
  );
  const failed = calls.find((c) => !c.ok);
  if (failed && !failed.ok) {
    const which = setup.samples > 1 ? `sample ${calls.indexOf(failed) + 1}: ` : '';
    return judgeErrorScore(setup.metric, which + failed.error, {
      ...base,
      verdicts,
      usage,
      ...cost,
      latencyMs,
    });
  }
  const ok = graded as Graded[];
  const first = ok[0]!;
  const details = { ...base, ...first.details, verdicts, usage, ...cost, latencyMs };
  if (setup.samples === 1) {
    const pass = first.value >= setup.threshold;
    return { metric: setup.metric, value: first.value, pass, reason: first.reason, details };
  }
  const values = ok.map((g) => g.value);
  const spread = sampleStats(values, setup.threshold);
  return {
    metric: setup.metric,
    value: spread.mean,
    pass: spread.mean >= setup.threshold,
    reason: samplesReason(values, setup.threshold, first.reason),
    details: { ...details, spread },
  };
}
