import type { z } from 'zod';
import type { Scorer, Target } from '../core/types.ts';

/**
 * How a model-graded scorer reaches its judge: a Target for the judge model, built by the runner so judge calls
 * go through the same SDK clients, retries, rate limits and cache as candidate calls.
 *
 * `sample` (0-based, absent = 0) numbers the independent samples of `samples: N`: sample i > 0 must never be served
 * the cached reply of another sample (fold it into the cache key as the repeat index is).
 */
export type JudgeProvider = (spec: {
  model: string;
  api?: string;
  region?: string;
  sample?: number;
  /** Calls in flight for this judge model (shared by all its samples and scorers). */
  concurrency?: number;
  rateLimit?: { requestsPerMinute?: number; tokensPerMinute?: number };
}) => Target;

/** What every scorer factory gets besides its options. */
export interface ScorerEnv {
  /** Resolves relative paths (e.g. a schemaFile, a judge prompt). */
  baseDir: string;
  /** Prefix of error messages (the suite file). */
  where?: string;
  /** Present when the run can call judge models. */
  judge?: JudgeProvider;
  /** Price per 1,000 tokens of a model (the suite's price table over the built-in one), for judge cost. */
  price?: (modelId: string) => { inputPer1k: number; outputPer1k: number } | undefined;
}

/**
 * One scorer type = one file exporting a `ScorerDefinition`, registered in `registry.ts`.
 * The suite schema (src/config) builds its `scorers:` union from `optionsSchema` of every registered definition,
 * so adding a scorer is one file plus one line of registration.
 */
export interface ScorerDefinition<
  O extends { type: string; name?: string } = { type: string; name?: string },
> {
  /** The `type:` value in a suite. */
  readonly type: string;
  /** One-line description for `evalgate --help` and the README. */
  readonly description: string;
  /** The metric names this scorer emits (for gate rule validation and the report). */
  metrics(options: O): string[];
  /** Strict zod object schema of the options, including `type: z.literal(type)` and `name?: string`. */
  readonly optionsSchema: z.ZodType<O>;
  /**
   * What it grades (default `text`): `text` scorers skip retrieval-only responses (no text, only retrieved
   * passages); `retrieval` scorers skip responses that retrieved nothing (plain model targets); `citations`
   * scorers skip responses of targets that do not cite (no `citations` field); `guardrail` scorers skip responses
   * without a guardrail decision (no `guardrail` field); `any` grade all.
   * Skipped = no score (absent, never 0), so a suite can mix model, knowledge-base and RAG candidates.
   */
  readonly grades?: 'text' | 'retrieval' | 'citations' | 'guardrail' | 'any';
  /** Build a scorer from validated options. `baseDir` resolves relative paths (e.g. a schemaFile). */
  create(options: O, env: ScorerEnv): Scorer;
}
