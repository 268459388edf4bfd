/**
 * `context-precision`: the judge marks each context chunk relevant or not (for the reference answer, or the
 * answer when there is no reference); value = average precision over the chunk ranking:
 * Σₖ (precision@k × relₖ) / (number of relevant chunks), 0 when no chunk is relevant.
 */
import { z } from 'zod';
import { noOutputText } from './_shared.ts';
import { parseWith } from './judge/call.ts';
import {
  contextField,
  contextOf,
  missingInput,
  questionField,
  questionOf,
  referenceField,
  referenceOf,
} from './judge/case-input.ts';
import { splitChunks } from './judge/delimit.ts';
import { judgeCase } from './judge/judged.ts';
import { judgeFields, judgeSetup } from './judge/options.ts';
import { type ChunksVerdict, chunksVerdict } from './judge/verdicts.ts';
import type { ScorerDefinition } from './types.ts';

const optionsSchema = z
  .strictObject({ ...judgeFields('context-precision'), questionField, referenceField, contextField })
  .describe(
    'Average precision of the context chunks, each judged relevant to the reference (or answer) or not.',
  );

export type ContextPrecisionOptions = z.infer<typeof optionsSchema>;

/** Average precision of a ranked relevance list (1-based ranks in order). */
export function averagePrecision(relevant: readonly boolean[]): number {
  let hits = 0;
  let sum = 0;
  relevant.forEach((rel, i) => {
    if (!rel) return;
    hits++;
    sum += hits / (i + 1);
  });
  return hits === 0 ? 0 : sum / hits;
}

/** The verdict must list every chunk index 1..n exactly once. */
export function checkChunks(n: number): (v: ChunksVerdict) => string | undefined {
  return (v) => {
    const seen = v.chunks.map((c) => c.index).sort((a, b) => a - b);
    const want = Array.from({ length: n }, (_, i) => i + 1);
    if (seen.join(',') === want.join(',')) return undefined;
    return `chunks: expected one entry for each index 1..${n}, got [${seen.join(', ')}]`;
  };
}

export function gradeChunks(v: ChunksVerdict, against: 'reference' | 'answer') {
  const chunks = [...v.chunks].sort((a, b) => a.index - b.index);
  const rel = chunks.map((c) => c.relevant);
  const value = averagePrecision(rel);
  const marks = rel.map((r) => (r ? '1' : '0')).join('');
  const relevant = rel.filter(Boolean).length;
  return {
    value,
    reason: `${relevant} of ${rel.length} chunks relevant to the ${against} (ranking ${marks})`,
    details: { chunks, against },
  };
}

export const contextPrecisionScorer: ScorerDefinition<ContextPrecisionOptions> = {
  type: 'context-precision',
  description:
    'A judge model marks each context chunk relevant or not; value = average precision of the ranking.',
  optionsSchema,
  metrics: (o) => [o.name ?? 'context-precision'],
  create(o, env) {
    const setup = judgeSetup(o, env, 'context-precision');
    return {
      name: setup.metric,
      type: 'context-precision',
      async score(evalCase, response) {
        const ctx = contextOf(evalCase, response, o.contextField);
        const chunks = splitChunks(ctx.value);
        if (chunks === undefined) return [missingInput(setup.metric, setup.threshold, 'context', ctx.source)];
        const reference = referenceOf(evalCase, o.referenceField ?? 'expected');
        if (reference === undefined && response.text === undefined)
          return [noOutputText(setup.metric, setup.threshold)];
        const question = questionOf(evalCase, o.questionField ?? 'question');
        const against = reference !== undefined ? 'reference' : 'answer';
        const vars = {
          context: chunks,
          ...(question !== undefined ? { question } : {}),
          ...(reference !== undefined ? { reference } : { answer: response.text ?? '' }),
        };
        const parse = parseWith(chunksVerdict, checkChunks(chunks.length));
        return [await judgeCase(setup, vars, chunksVerdict, parse, (v) => gradeChunks(v, against))];
      },
    };
  },
};
