/** Every scorer type, and building Scorer instances from a suite's validated `scorers:` options. */
import { createHash } from 'node:crypto';
import { EvalgateError } from '../core/errors.ts';
import type { Scorer, TargetResponse } from '../core/types.ts';
import { answerRelevanceScorer } from './answer-relevance.ts';
import { citationsScorer } from './citations.ts';
import { containsScorer } from './contains.ts';
import { contextPrecisionScorer } from './context-precision.ts';
import { contextRecallScorer } from './context-recall.ts';
import { correctnessScorer } from './correctness.ts';
import { costScorer } from './cost.ts';
import { exactScorer } from './exact.ts';
import { faithfulnessScorer } from './faithfulness.ts';
import { guardrailScorer } from './guardrail.ts';
import { jsonScorer } from './json.ts';
import { latencyScorer } from './latency.ts';
import { numericScorer } from './numeric.ts';
import { pairwiseScorer } from './pairwise.ts';
import { regexScorer } from './regex.ts';
import { retrievalScorer } from './retrieval.ts';
import { routingScorer } from './routing.ts';
import { rubricScorer } from './rubric.ts';
import { tokensScorer } from './tokens.ts';
import type { ScorerDefinition, ScorerEnv } from './types.ts';

export const SCORERS: readonly ScorerDefinition[] = [
  exactScorer,
  containsScorer,
  regexScorer,
  jsonScorer,
  numericScorer,
  latencyScorer,
  tokensScorer,
  costScorer,
  rubricScorer,
  correctnessScorer,
  pairwiseScorer,
  faithfulnessScorer,
  answerRelevanceScorer,
  contextPrecisionScorer,
  contextRecallScorer,
  retrievalScorer,
  citationsScorer,
  guardrailScorer,
  routingScorer,
];

/** The definition for a `type:` value, or undefined when no scorer has that type. */
export function getScorerDefinition(type: string): ScorerDefinition | undefined {
  return SCORERS.find((d) => d.type === type);
}

function _path(index: number, path: readonly PropertyKey[]): string {
  const tail = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `scorers[${index}]${tail}`;
}

/**
 * Build one Scorer per options object (validated again with its definition's schema, so programmatic callers
 * get the same errors as suite files). Throws EvalgateError when a type is unknown, options are invalid, or two
 * scorers would emit the same metric name. `where` (e.g. the suite file) prefixes error messages.
 */
export function createScorers(optionsList: readonly unknown[], env: ScorerEnv): Scorer[] {
  const seen = new Map<string, number>();
  return optionsList.map((raw, index) => {
    const type = (raw as { type?: unknown } | null)?.type;
    const definition = typeof type === 'string' ? getScorerDefinition(type) : undefined;
    if (!definition) {
      const known = SCORERS.map((d) => d.type).join(', ');
      const got = typeof type === 'string' ? `unknown scorer "${type}"` : 'missing scorer type';
      throw new EvalgateError(
        'CONFIG_REFERENCE',
        `${_path(index, ['type'])}: ${got} (known: ${known})`,
        env.where,
      );
    }
    const parsed = definition.optionsSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const message = `${_path(index, issue?.path ?? [])}: ${issue?.message ?? 'invalid options'}`;
      throw new EvalgateError('CONFIG_SCHEMA', message, env.where);
    }
    for (const metric of definition.metrics(parsed.data)) {
      const previous = seen.get(metric);
      if (previous !== undefined) {
        const message = `${_path(index, [])}: metric "${metric}" is already emitted by scorers[${previous}]; give one a distinct name`;
        throw new EvalgateError('CONFIG_SCHEMA', message, env.where);
      }
      seen.set(metric, index);
    }
    try {
      return _sampled(
        _applicable(definition.create(parsed.data, env), definition.grades ?? 'text'),
        (parsed.data as { caseFraction?: number }).caseFraction,
      );
    } catch (err) {
      if (err instanceof EvalgateError)
        throw new EvalgateError(err.code, `${_path(index, [])}: ${err.message}`, env.where);
      throw err;
    }
  });
}

/**
 * With `caseFraction` f < 1, the scorer grades only the cases whose id hashes below f (sha256 of the id, first
 * 32 bits / 2³²): a stable subset, the same in every run and for every target, so runs stay comparable case by
 * case. The other cases get no score from it (absent, never 0).
 */
export function inCaseFraction(caseId: string, fraction: number): boolean {
  return createHash('sha256').update(caseId).digest().readUInt32BE(0) / 2 ** 32 < fraction;
}

/** Skips the responses a scorer does not grade (see `ScorerDefinition.grades`). */
const _SKIPS: Record<'text' | 'retrieval' | 'citations' | 'guardrail', (r: TargetResponse) => boolean> = {
  text: (r) => r.text === undefined && r.retrieved !== undefined,
  retrieval: (r) => r.retrieved === undefined,
  citations: (r) => r.citations === undefined,
  guardrail: (r) => r.guardrail === undefined,
};

function _applicable(
  scorer: Scorer,
  grades: 'text' | 'retrieval' | 'citations' | 'guardrail' | 'any',
): Scorer {
  if (grades === 'any') return scorer;
  const skip = _SKIPS[grades];
  return {
    name: scorer.name,
    type: scorer.type,
    score: (evalCase, response, ctx) => (skip(response) ? [] : scorer.score(evalCase, response, ctx)),
  };
}

function _sampled(scorer: Scorer, fraction: number | undefined): Scorer {
  if (fraction === undefined || fraction >= 1) return scorer;
  return {
    name: scorer.name,
    type: scorer.type,
    score: (evalCase, response, ctx) =>
      inCaseFraction(evalCase.id, fraction) ? scorer.score(evalCase, response, ctx) : [],
  };
}
