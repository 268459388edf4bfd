/**
 * The JSON verdict each judge task must return, as zod schemas. The JSON Schema of the same object goes into
 * the prompt's `<response_schema>` section; replies are validated against the zod schema. Extra keys are allowed
 * (models add them); missing or mistyped ones are not.
 */
import { z } from 'zod';

/** rubric, correctness, answer-relevance: an integer score on the judge's scale and the reasoning behind it. */
export function scoreVerdict(scale: { min: number; max: number }) {
  return z.object({
    reasoning: z.string().describe('Why this score, citing the rubric anchors.'),
    score: z.number().int().min(scale.min).max(scale.max).describe('The score on the scale.'),
  });
}

/** pairwise: which answer is better, A or B, or a tie. */
export const preferenceVerdict = z.object({
  reasoning: z.string().describe('Why, comparing both answers against the question (and reference).'),
  winner: z.enum(['A', 'B', 'tie']).describe('The better answer, or tie when neither is better.'),
});

/** faithfulness: the answer's atomic claims, each with its verdict against the context. */
export const claimsVerdict = z.object({
  claims: z
    .array(
      z.object({
        claim: z.string().min(1).describe('One atomic factual claim made by the answer.'),
        verdict: z
          .enum(['supported', 'unsupported'])
          .describe('supported = the context states or implies it.'),
        reason: z.string().describe('The context sentence that supports it, or why none does.'),
      }),
    )
    .describe('Every factual claim of the answer; empty when it makes none (e.g. it declines to answer).'),
});

/** context-precision: for every context chunk, whether it is useful for the reference (or the answer). */
export const chunksVerdict = z.object({
  chunks: z
    .array(
      z.object({
        index: z.number().int().min(1).describe('The chunk index, as in <chunk index="…">.'),
        relevant: z.boolean().describe('true = the chunk holds information used in the reference answer.'),
        reason: z.string(),
      }),
    )
    .describe('One entry per chunk, in chunk order.'),
});

/** context-recall: every statement of the reference, each attributed to the context or not. */
export const statementsVerdict = z.object({
  statements: z
    .array(
      z.object({
        statement: z.string().min(1).describe('One statement of the reference answer.'),
        attributed: z.boolean().describe('true = the context contains this information.'),
        reason: z.string(),
      }),
    )
    .min(1)
    .describe('Every statement of the reference answer.'),
});

export type ScoreVerdict = z.infer<ReturnType<typeof scoreVerdict>>;
export type PreferenceVerdict = z.infer<typeof preferenceVerdict>;
export type ClaimsVerdict = z.infer<typeof claimsVerdict>;
export type ChunksVerdict = z.infer<typeof chunksVerdict>;
export type StatementsVerdict = z.infer<typeof statementsVerdict>;

/** JSON Schema of a verdict schema, for the prompt. */
export function responseSchema(schema: z.ZodType): unknown {
  const json = z.toJSONSchema(schema) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** One line from a zod error: `path: message; path: message`. */
export function issuesLine(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`)
    .join('; ');
}
