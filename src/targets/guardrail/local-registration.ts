/**
 * On the local backend a guardrail is served from a definition file (the target's `guardrail.localDefinition`):
 * before the first call the target registers it with the backend's admin route (`PUT /_evalgate/guardrails`,
 * body `{file}`), as one would create the guardrail before calling it on AWS. Against AWS nothing happens.
 */
import { resolve } from 'node:path';
import type { ClientPool } from '../clients.ts';
import { registerLocal } from '../local-admin.ts';
import type { TargetSpec } from '../types.ts';

export function ensureLocalGuardrail(spec: TargetSpec, clients: ClientPool): Promise<void> {
  const g = spec.guardrail;
  if (!g?.localDefinition) return Promise.resolve();
  const file = resolve(spec.baseDir ?? '.', g.localDefinition);
  return registerLocal(clients, {
    key: `local-guardrail:${file}`,
    path: '/_evalgate/guardrails',
    body: { file },
    targetId: spec.id,
    what: `guardrail definition ${file}`,
  });
}
