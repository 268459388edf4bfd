/**
 * On the local backend a guardrail is served from a definition file (the target's `guardrail.localDefinition`):
 * before the first call the target registers it with the backend's admin route (`PUT /_evalgate/guardrails`,
 * body `{file}`), as one would create the guardrail before calling it on AWS. Against AWS nothing happens.
 */
import { resolve } from 'node:path';
import { EvalgateError } from '../../core/errors.ts';
import type { ClientPool } from '../clients.ts';
import type { TargetSpec } from '../types.ts';

export function ensureLocalGuardrail(spec: TargetSpec, clients: ClientPool): Promise<void> {
  const backend = clients.backend;
  const g = spec.guardrail;
  if (backend.kind !== 'local' || !g?.localDefinition) return Promise.resolve();
  const file = resolve(spec.baseDir ?? '.', g.localDefinition);
  return clients.runOnce(`local-guardrail:${file}`, async () => {
    let res: Response;
    try {
      res = await fetch(`${backend.endpoint}/_evalgate/guardrails`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ file }),
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new EvalgateError('TARGET', `target "${spec.id}": cannot reach the local backend: ${why}`);
    }
    if (!res.ok) {
      const body = (await res.text()).replace(/\s+/g, ' ').slice(0, 300);
      throw new EvalgateError(
        'TARGET',
        `target "${spec.id}": the local backend could not register guardrail definition ${file}: ${body}`,
      );
    }
  });
}
