/** `correctness`: a judge grades the answer against the reference (expected) answer, mapped to 0..1. */
import { scaledJudge } from './judge/scaled.ts';

export const correctnessScorer = scaledJudge({
  type: 'correctness',
  description:
    'A judge model grades how far the answer agrees with the expected answer (scale mapped to 0..1).',
  question: 'optional',
  reference: 'required',
});
