import { type FaultConfig, type LocalBackend, startLocalBackend } from '../local/index.ts';
import type { Backend } from '../targets/backend.ts';

export interface BackendChoice {
  backend: 'local' | 'aws';
  region?: string;
  profile?: string;
  /** An already running local backend (`evalgate local`) to use instead of starting one in-process. */
  localEndpoint?: string;
  /** Fault injection for an in-process local backend. */
  faults?: FaultConfig;
  /** Batch inference settings of an in-process local backend (the minimum records per job). */
  localBatch?: { minRecords?: number };
}

/**
 * Resolves where the SDK clients send requests: real AWS, a running local backend, or a local backend started
 * in this process (on a free 127.0.0.1 port). `close()` stops what this call started.
 */
export async function openBackend(
  choice: BackendChoice,
): Promise<{ backend: Backend; close(): Promise<void> }> {
  if (choice.backend === 'aws') {
    return {
      backend: { kind: 'aws', region: choice.region, profile: choice.profile },
      close: async () => {},
    };
  }
  const region = choice.region ?? 'us-east-1';
  if (choice.localEndpoint) {
    return { backend: { kind: 'local', endpoint: choice.localEndpoint, region }, close: async () => {} };
  }
  const local: LocalBackend = await startLocalBackend({
    port: 0,
    faults: choice.faults,
    ...(choice.localBatch ? { batch: choice.localBatch } : {}),
  });
  return { backend: { kind: 'local', endpoint: local.url, region }, close: () => local.close() };
}
