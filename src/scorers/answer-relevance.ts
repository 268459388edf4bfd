/** `answer-relevance`: a judge grades how directly the answer addresses the question, mapped to 0..1. */
import { scaledJudge } from './judge/scaled.ts';

export const answerRelevanceScorer = scaledJudge({
  type: 'answer-relevance',
  description: 'A judge model grades how directly the answer addresses the question (scale mapped to 0..1).',
  question: 'required',
  reference: 'unused',
});
