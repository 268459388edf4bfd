/** The local model registry, keyed by the real Bedrock model ids. */
import type { LocalModelInfo } from '../types.ts';
import type { LocalModel } from './model.ts';
import { novaLite } from './nova-lite.ts';
import { novaMicro } from './nova-micro.ts';
import { novaPro } from './nova-pro.ts';

const _MODELS: readonly LocalModel[] = [novaMicro, novaLite, novaPro];

/** The catalogue: ids, display names, prices per 1k tokens and latency profiles. */
export const LOCAL_MODELS: LocalModelInfo[] = _MODELS.map((m) => m.info);

/** Look a model up by id; also accepts a `us.`/`eu.`/`apac.`/`global.` inference-profile prefix. */
export function getLocalModel(modelId: string): LocalModel | undefined {
  const bare = modelId.replace(/^(us|eu|apac|global)\./, '');
  return _MODELS.find((m) => m.info.id === bare);
}

export type { Generation, LocalModel, StopReason } from './model.ts';
export { generate } from './model.ts';
