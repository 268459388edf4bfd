/** Test helper: a local backend (zero latency) and a ClientPool pointed at it, for one test file. */
import { afterAll, beforeAll } from 'vitest';
import { type LocalBackend, type LocalBackendOptions, startLocalBackend } from '../local/index.ts';
import { ClientPool } from './clients.ts';

export interface LocalTargetsFixture {
  backend: LocalBackend;
  clients: ClientPool;
}

/** Starts the backend before the file's tests and stops it after; read `backend` / `clients` inside tests. */
export function useLocalBackend(options: LocalBackendOptions = {}): LocalTargetsFixture {
  const fixture = {} as LocalTargetsFixture;
  beforeAll(async () => {
    fixture.backend = await startLocalBackend({ port: 0, faults: { latencyScale: 0 }, ...options });
    fixture.clients = new ClientPool(
      { kind: 'local', endpoint: fixture.backend.url, region: 'us-east-1' },
      1,
    );
  });
  afterAll(async () => {
    fixture.clients?.destroy();
    await fixture.backend?.close();
  });
  return fixture;
}
