/**
 * On the local backend an endpoint is served from a definitions file (the target's `endpoint.localDefinition`):
 * before the first call the target registers it with the backend's admin route, once per run, as one would
 * deploy an endpoint before invoking it. Against AWS nothing happens: the endpoint already exists.
 */
import { resolve } from 'node:path';
import type { ClientPool } from '../clients.ts';
import { registerLocal } from '../local-admin.ts';
import type { EndpointSpec } from './spec.ts';

export function ensureLocalEndpoint(
  targetId: string,
  endpoint: EndpointSpec,
  baseDir: string | undefined,
  clients: ClientPool,
): Promise<void> {
  if (!endpoint.localDefinition) return Promise.resolve();
  const file = resolve(baseDir ?? '.', endpoint.localDefinition);
  return registerLocal(clients, {
    key: `local-endpoints:${file}`,
    path: '/_evalgate/endpoints',
    body: { file },
    targetId,
    what: `endpoints from ${file}`,
  });
}
