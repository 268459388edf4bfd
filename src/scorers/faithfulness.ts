/**
 * `faithfulness`: the judge splits the answer into atomic claims and checks each against the context;
 * value = supported claims / claims (1 when the answer makes no claim, e.g. it declines to answer).
 */
import { z } from 'zod';
import { graded, noOutputText } from './_shared.ts';
import { parseWith } from './judge/call.ts';
import { contextField, contextOf, missingInput, questionField, questionOf } from './judge/case-input.ts';
import { splitChunks } from './judge/delimit.ts';
import { judgeCase } from './judge/judged.ts';
import { judgeFields, judgeSetup } from './judge/options.ts';
import { type ClaimsVerdict, claimsVerdict } from './judge/verdicts.ts';
import type { ScorerDefinition } from './types.ts';

const optionsSchema = z
  .strictObject({ ...judgeFields('faithfulness'), questionField, contextField })
  .describe('Supported claims / claims of the answer, each claim verified against the context by a judge.');

export type FaithfulnessOptions = z.infer<typeof optionsSchema>;

/** value and reason from the judge's claims. */
export function gradeClaims(v: ClaimsVerdict): {
  value: number;
  reason: string;
  details: Record<string, unknown>;
} {
  const claims = v.claims.map((c) => ({ claim: c.claim, verdict: c.verdict, reason: c.reason }));
  const supported = claims.filter((c) => c.verdict === 'supported').length;
  if (claims.length === 0)
    return { value: 1, reason: 'the answer makes no factual claim', details: { claims } };
  const unsupported = claims.filter((c) => c.verdict !== 'supported').map((c) => JSON.stringify(c.claim));
  const tail = unsupported.length > 0 ? `; unsupported: ${unsupported.join(', ').slice(0, 200)}` : '';
  return {
    value: supported / claims.length,
    reason: `${supported} of ${claims.length} claims supported by the context${tail}`,
    details: { claims },
  };
}

export const faithfulnessScorer: ScorerDefinition<FaithfulnessOptions> = {
  type: 'faithfulness',
  description:
    'A judge model splits the answer into claims and checks each against the context (supported / claims).',
  optionsSchema,
  metrics: (o) => [o.name ?? 'faithfulness'],
  create(o, env) {
    const setup = judgeSetup(o, env, 'faithfulness');
    const parse = parseWith(claimsVerdict);
    return {
      name: setup.metric,
      type: 'faithfulness',
      async score(evalCase, response) {
        if (response.text === undefined) return [noOutputText(setup.metric, setup.threshold)];
        if (response.text.trim() === '')
          return [graded(setup.metric, 1, setup.threshold, 'empty answer: no claim')];
        const ctx = contextOf(evalCase, response, o.contextField);
        const context = splitChunks(ctx.value);
        if (context === undefined)
          return [missingInput(setup.metric, setup.threshold, 'context', ctx.source)];
        const question = questionOf(evalCase, o.questionField ?? 'question');
        const vars = { answer: response.text, context, ...(question !== undefined ? { question } : {}) };
        return [await judgeCase(setup, vars, claimsVerdict, parse, gradeClaims)];
      },
    };
  },
};
