/**
 * Registering a resource with the local backend's admin routes (`PUT /_evalgate/...`) before a target's first
 * call — a knowledge base's corpus, a guardrail, SageMaker endpoints, a managed prompt — as one would create it
 * before calling it on AWS. Once per key per run (ClientPool.runOnce); against AWS nothing happens.
 */
import { EvalgateError } from '../core/errors.ts';
import type { ClientPool } from './clients.ts';

export interface LocalRegistration {
  /** Runs once per key and client pool. */
  key: string;
  /** Admin route path, e.g. `/_evalgate/guardrails`. */
  path: string;
  body: unknown;
  targetId: string;
  /** What is registered, for the error: e.g. `guardrail definition /abs/file.yaml`. */
  what: string;
}

export function registerLocal(clients: ClientPool, r: LocalRegistration): Promise<void> {
  const backend = clients.backend;
  if (backend.kind !== 'local') return Promise.resolve();
  return clients.runOnce(r.key, async () => {
    let res: Response;
    try {
      res = await fetch(`${backend.endpoint}${r.path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(r.body),
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new EvalgateError('TARGET', `target "${r.targetId}": cannot reach the local backend: ${why}`);
    }
    if (!res.ok) {
      const body = (await res.text()).replace(/\s+/g, ' ').slice(0, 300);
      throw new EvalgateError(
        'TARGET',
        `target "${r.targetId}": the local backend could not register ${r.what}: ${body}`,
      );
    }
  });
}
