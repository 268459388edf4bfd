/** The local model registry, keyed by the real Bedrock model ids. */
import type { LocalModelInfo } from '../types.ts';
import { judgeGeneration } from './judge.ts';
import { firstPositionJudge } from './judge-fixture.ts';
import { type Generation, generate as generateAnswer, type LocalModel } from './model.ts';
import { novaLite } from './nova-lite.ts';
import { novaMicro } from './nova-micro.ts';
import { novaPro } from './nova-pro.ts';
import type { ModelInput } from './prompt.ts';
import type { Sampler } from './sampling.ts';

const _MODELS: readonly LocalModel[] = [novaMicro, novaLite, novaPro];
/** Local-only judge fixtures: resolvable by id, but not part of the candidate catalogue. */
const _JUDGE_FIXTURES: readonly LocalModel[] = [firstPositionJudge];

/** The catalogue: ids, display names, prices per 1k tokens and latency profiles. */
export const LOCAL_MODELS: LocalModelInfo[] = _MODELS.map((m) => m.info);
/** Ids of the local-only judge fixtures (see MODELS.md, "The local judge"). */
export const LOCAL_JUDGE_FIXTURES: string[] = _JUDGE_FIXTURES.map((m) => m.info.id);

/** Look a model up by id; also accepts a `us.`/`eu.`/`apac.`/`global.` inference-profile prefix. */
export function getLocalModel(modelId: string): LocalModel | undefined {
  const bare = modelId.replace(/^(us|eu|apac|global)\./, '');
  return _MODELS.find((m) => m.info.id === bare) ?? _JUDGE_FIXTURES.find((m) => m.info.id === bare);
}

/**
 * Answer a request: an evalgate judge prompt gets the local judge's JSON verdict (any local model), anything else
 * the model's extractive answer (sampled when `sampler` is given and temperature > 0; the judge never samples).
 */
export function generate(model: LocalModel, input: ModelInput, sampler?: Sampler): Generation {
  return judgeGeneration(model, input) ?? generateAnswer(model, input, sampler);
}

export type { Generation, LocalModel, StopReason } from './model.ts';
