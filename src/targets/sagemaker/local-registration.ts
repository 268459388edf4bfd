/**
 * On the local backend an endpoint is served from a definitions file (the target's `endpoint.localDefinition`):
 * before the first call the target registers it with the backend's admin route, once per run, as one would
 * deploy an endpoint before invoking it. Against AWS nothing happens: the endpoint already exists.
 */
import { resolve } from 'node:path';
import { EvalgateError } from '../../core/errors.ts';
import type { ClientPool } from '../clients.ts';
import type { EndpointSpec } from './spec.ts';

export function ensureLocalEndpoint(
  targetId: string,
  endpoint: EndpointSpec,
  baseDir: string | undefined,
  clients: ClientPool,
): Promise<void> {
  const backend = clients.backend;
  if (backend.kind !== 'local' || !endpoint.localDefinition) return Promise.resolve();
  const file = resolve(baseDir ?? '.', endpoint.localDefinition);
  return clients.runOnce(`local-endpoints:${file}`, async () => {
    const res = await fetch(`${backend.endpoint}/_evalgate/endpoints`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file }),
    });
    if (!res.ok) {
      const body = (await res.text()).replace(/\s+/g, ' ').slice(0, 300);
      throw new EvalgateError(
        'TARGET',
        `target "${targetId}": the local backend could not register endpoints from ${file}: ${body}`,
      );
    }
  });
}
