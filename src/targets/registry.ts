import { EvalgateError } from '../core/errors.ts';
import type { Target } from '../core/types.ts';
import { bedrockConverse } from './bedrock-converse.ts';
import { bedrockInvoke } from './bedrock-invoke.ts';
import type { ClientPool } from './clients.ts';
import { guardrailTarget } from './guardrail.ts';
import { knowledgeBaseTarget } from './kb-retrieve.ts';
import { ragPipelineTarget } from './rag-pipeline.ts';
import { routerTarget } from './router.ts';
import { sagemakerTarget } from './sagemaker.ts';
import type { TargetDefinition, TargetSpec } from './types.ts';

/** Every target kind, one line each. Adding a target = one file + one line here. */
export const TARGETS: readonly TargetDefinition[] = [
  bedrockConverse,
  bedrockInvoke,
  knowledgeBaseTarget,
  ragPipelineTarget,
  guardrailTarget,
  sagemakerTarget,
  routerTarget,
];

export const TARGET_APIS: readonly string[] = TARGETS.flatMap((t) => t.apis);

export function createTarget(spec: TargetSpec, clients: ClientPool): Target {
  const api = spec.api ?? 'converse';
  const def = TARGETS.find((t) => t.apis.includes(api));
  if (!def) {
    throw new EvalgateError(
      'TARGET',
      `target "${spec.id}": unknown api "${api}" (known: ${TARGET_APIS.join(', ')})`,
    );
  }
  return def.create({ ...spec, api }, clients);
}
