/**
 * evalgate.first-position-judge — a local-only test fixture, not a Bedrock model: the lexical local judge, except
 * that in pairwise judge prompts it always prefers the first answer (A). It shows position bias being measured.
 * Other prompts are answered like nova-micro. It is not in LOCAL_MODELS (the candidate catalogue).
 */
import type { LocalModel } from './model.ts';
import { novaMicro } from './nova-micro.ts';

export const firstPositionJudge: LocalModel = {
  info: {
    ...novaMicro.info,
    id: 'evalgate.first-position-judge',
    displayName: 'First-position judge (local test fixture)',
    summary: 'Local judge that always prefers answer A in pairwise prompts (position-bias fixture).',
  },
  engine: novaMicro.engine,
  followsJson: false,
  judge: 'first-position',
};
