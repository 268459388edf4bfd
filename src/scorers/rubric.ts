/** `rubric`: a judge grades the answer against a rubric (criteria + anchored scale), mapped to 0..1. */
import { scaledJudge } from './judge/scaled.ts';

export const rubricScorer = scaledJudge({
  type: 'rubric',
  description: 'A judge model grades the answer against the rubric of a judge prompt (scale mapped to 0..1).',
  question: 'optional',
  reference: 'optional',
});
