/**
 * `context-recall`: the judge splits the reference answer into statements and checks whether the context
 * holds each; value = attributed statements / statements. Needs a reference answer.
 */
import { z } from 'zod';
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
import { type StatementsVerdict, statementsVerdict } from './judge/verdicts.ts';
import type { ScorerDefinition } from './types.ts';

const optionsSchema = z
  .strictObject({ ...judgeFields('context-recall'), questionField, referenceField, contextField })
  .describe('Statements of the reference answer found in the context / statements, judged by a model.');

export type ContextRecallOptions = z.infer<typeof optionsSchema>;

export function gradeStatements(v: StatementsVerdict) {
  const statements = v.statements.map((s) => ({
    statement: s.statement,
    attributed: s.attributed,
    reason: s.reason,
  }));
  const found = statements.filter((s) => s.attributed).length;
  const missing = statements.filter((s) => !s.attributed).map((s) => JSON.stringify(s.statement));
  const tail = missing.length > 0 ? `; missing: ${missing.join(', ').slice(0, 200)}` : '';
  return {
    value: found / statements.length,
    reason: `${found} of ${statements.length} reference statements found in the context${tail}`,
    details: { statements },
  };
}

export const contextRecallScorer: ScorerDefinition<ContextRecallOptions> = {
  type: 'context-recall',
  description:
    'A judge model checks which statements of the expected answer the context holds (found / statements).',
  optionsSchema,
  metrics: (o) => [o.name ?? 'context-recall'],
  create(o, env) {
    const setup = judgeSetup(o, env, 'context-recall');
    const parse = parseWith(statementsVerdict);
    const rName = o.referenceField ?? 'expected';
    return {
      name: setup.metric,
      type: 'context-recall',
      async score(evalCase, response) {
        const ctx = contextOf(evalCase, response, o.contextField);
        const context = splitChunks(ctx.value);
        if (context === undefined)
          return [missingInput(setup.metric, setup.threshold, 'context', ctx.source)];
        const reference = referenceOf(evalCase, rName);
        if (reference === undefined)
          return [missingInput(setup.metric, setup.threshold, 'reference answer', rName)];
        const question = questionOf(evalCase, o.questionField ?? 'question');
        const vars = { context, reference, ...(question !== undefined ? { question } : {}) };
        return [await judgeCase(setup, vars, statementsVerdict, parse, gradeStatements)];
      },
    };
  },
};
