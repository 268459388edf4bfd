/**
 * The scorers whose judge returns a score on a scale (rubric, correctness, answer-relevance): one definition
 * builder. value = (score − min) / (max − min).
 */
import { z } from 'zod';
import { noOutputText } from '../_shared.ts';
import type { ScorerDefinition } from '../types.ts';
import { parseWith } from './call.ts';
import {
  missingInput,
  oneLine,
  questionField,
  questionOf,
  referenceField,
  referenceOf,
} from './case-input.ts';
import { judgeCase } from './judged.ts';
import { judgeFields, judgeSetup } from './options.ts';
import { type ScoreVerdict, scoreVerdict } from './verdicts.ts';

type Need = 'required' | 'optional' | 'unused';

export interface ScaledSpec<T extends 'rubric' | 'correctness' | 'answer-relevance'> {
  type: T;
  description: string;
  question: Need;
  reference: Need;
}

/** value on 0..1 for a score on [min, max]. */
export function scaleValue(score: number, scale: { min: number; max: number }): number {
  return (score - scale.min) / (scale.max - scale.min);
}

function _schema<T extends 'rubric' | 'correctness' | 'answer-relevance'>(spec: ScaledSpec<T>) {
  return z
    .strictObject({
      ...judgeFields(spec.type),
      ...(spec.question !== 'unused' ? { questionField } : {}),
      ...(spec.reference !== 'unused' ? { referenceField } : {}),
    })
    .describe(spec.description);
}

export function scaledJudge<T extends 'rubric' | 'correctness' | 'answer-relevance'>(
  spec: ScaledSpec<T>,
): ScorerDefinition<z.infer<ReturnType<typeof _schema<T>>>> {
  const optionsSchema = _schema(spec);
  return {
    type: spec.type,
    description: spec.description,
    optionsSchema,
    metrics: (o) => [o.name ?? spec.type],
    create(o, env) {
      const setup = judgeSetup(o, env, spec.type);
      const scale = setup.prompt.scale!;
      const schema = scoreVerdict(scale);
      const parse = parseWith(schema);
      const qName =
        ('questionField' in o && typeof o.questionField === 'string' && o.questionField) || 'question';
      const rName =
        ('referenceField' in o && typeof o.referenceField === 'string' && o.referenceField) || 'expected';
      const grade = (v: ScoreVerdict) => ({
        value: scaleValue(v.score, scale),
        reason: `${v.score}/${scale.max}: ${oneLine(v.reasoning)}`,
        details: { judgeScore: v.score, scale },
      });
      return {
        name: setup.metric,
        type: spec.type,
        async score(evalCase, response) {
          if (response.text === undefined) return [noOutputText(setup.metric, setup.threshold)];
          const question = spec.question === 'unused' ? undefined : questionOf(evalCase, qName);
          if (spec.question === 'required' && question === undefined)
            return [missingInput(setup.metric, setup.threshold, 'question', qName)];
          const reference = spec.reference === 'unused' ? undefined : referenceOf(evalCase, rName);
          if (spec.reference === 'required' && reference === undefined)
            return [missingInput(setup.metric, setup.threshold, 'reference answer', rName)];
          const vars = {
            answer: response.text,
            ...(question !== undefined ? { question } : {}),
            ...(reference !== undefined ? { reference } : {}),
          };
          return [await judgeCase(setup, vars, schema, parse, grade)];
        },
      };
    },
  };
}
