/** Options every judge scorer shares, and resolving them once into a `JudgeSetup`. */
import { z } from 'zod';
import { EvalgateError } from '../../core/errors.ts';
import type { Target } from '../../core/types.ts';
import { nameField, thresholdField } from '../_shared.ts';
import type { ScorerEnv } from '../types.ts';
import type { CallOptions } from './call.ts';
import type { JudgeTask } from './judge-file.ts';
import { type JudgePrompt, loadJudgePrompt } from './prompt.ts';

export const JUDGE_APIS = ['converse', 'converse-stream', 'invoke', 'invoke-stream'] as const;

/** Default pass threshold of judge scorers (a 0..1 value; 0.5 = the middle of the scale). */
export const DEFAULT_JUDGE_THRESHOLD = 0.5;
export const DEFAULT_TIMEOUT_MS = 120_000;

export const judgeSpecField = z
  .strictObject({
    model: z
      .string()
      .min(1)
      .describe('Judge model id (any Bedrock model id; local models on the local backend).'),
    api: z.enum(JUDGE_APIS).optional().describe('API used to call the judge (default converse).'),
    region: z.string().min(1).optional().describe('AWS region of the judge (default: the suite region).'),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .describe('Judge calls in flight for this judge model across the run (adaptive; default 8).'),
    rateLimit: z
      .strictObject({
        requestsPerMinute: z.number().positive().optional(),
        tokensPerMinute: z.number().positive().optional(),
      })
      .optional()
      .describe('Client-side limits of the judge model (waits, never fails).'),
  })
  .describe('The judge model.');

/** The option fields of every judge scorer; spread into each scorer's strict object. */
export function judgeFields<T extends JudgeTask>(type: T) {
  return {
    type: z.literal(type),
    name: nameField.optional(),
    judge: judgeSpecField,
    prompt: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9_-]*(@\d+(\.\d+){0,2})?$/,
        'a judge name, optionally @version (e.g. rubric@1.0.0)',
      )
      .optional()
      .describe(`Judge prompt as name@version under judges/ (default ${type}@<latest>).`),
    judgesDir: z.string().min(1).optional().describe('Folder of judge prompts, relative to the suite file.'),
    threshold: thresholdField.optional().describe('Pass when the value is >= threshold (default 0.5).'),
    samples: z
      .number()
      .int()
      .min(1)
      .max(20)
      .optional()
      .describe('Independent judge calls per case; the score is their mean (default 1).'),
    caseFraction: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe(
        'Judge only this fraction of the cases (default 1), chosen by a hash of the case id: the same cases in every run and for every target; the others get no score.',
      ),
    retries: z
      .number()
      .int()
      .min(0)
      .max(2)
      .optional()
      .describe('Requests after an invalid reply, each with the validation error (default 1).'),
    temperature: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Judge temperature (default 0 with one sample, 0.7 with several).'),
    maxTokens: z.number().int().positive().optional().describe('Judge reply limit in tokens (default 1024).'),
    timeoutMs: z.number().int().positive().optional().describe('Per judge call (default 120000).'),
  };
}

const _common = z.object(judgeFields('rubric'));
export type CommonJudgeOptions = Omit<z.infer<typeof _common>, 'type'> & { type: string };

/** Everything a judge scorer resolved at creation. */
export interface JudgeSetup {
  metric: string;
  threshold: number;
  samples: number;
  prompt: JudgePrompt;
  call: CallOptions;
  /** For details: model, api, prompt id. */
  info: { model: string; api?: string; prompt: string };
  /** The judge Target of sample i; undefined when this run cannot call judge models. */
  target(sample: number): Target | undefined;
  /** The judge model's price per 1,000 tokens, when known: each score then records its judge cost. */
  price?: { inputPer1k: number; outputPer1k: number };
}

export function judgeSetup(o: CommonJudgeOptions, env: ScorerEnv, task: JudgeTask): JudgeSetup {
  const metric = o.name ?? o.type;
  const prompt = loadJudgePrompt(o.prompt ?? task, {
    baseDir: env.baseDir,
    ...(o.judgesDir !== undefined ? { judgesDir: o.judgesDir } : {}),
  });
  if (prompt.task !== task) {
    throw new EvalgateError(
      'CONFIG_REFERENCE',
      `scorer "${metric}": judge prompt ${prompt.id} is a ${prompt.task} judge, not ${task}`,
    );
  }
  const samples = o.samples ?? 1;
  const price = env.price?.(o.judge.model);
  const targets = new Map<number, Target>();
  const spec = {
    model: o.judge.model,
    ...(o.judge.api !== undefined ? { api: o.judge.api } : {}),
    ...(o.judge.region !== undefined ? { region: o.judge.region } : {}),
    ...(o.judge.concurrency !== undefined ? { concurrency: o.judge.concurrency } : {}),
    ...(o.judge.rateLimit !== undefined ? { rateLimit: o.judge.rateLimit } : {}),
  };
  return {
    metric,
    threshold: o.threshold ?? DEFAULT_JUDGE_THRESHOLD,
    samples,
    prompt,
    call: {
      retries: o.retries ?? 1,
      timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      inferenceConfig: {
        temperature: o.temperature ?? (samples > 1 ? 0.7 : 0),
        maxTokens: o.maxTokens ?? 1024,
      },
    },
    info: { model: spec.model, ...(spec.api !== undefined ? { api: spec.api } : {}), prompt: prompt.id },
    ...(price ? { price } : {}),
    target(sample) {
      if (env.judge === undefined) return undefined;
      let t = targets.get(sample);
      if (t === undefined) {
        t = env.judge(sample === 0 ? spec : { ...spec, sample });
        targets.set(sample, t);
      }
      return t;
    },
  };
}
