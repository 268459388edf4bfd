/** Start the local backend in a child process (see backend-child.ts) and read its stats over the admin route. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BackendStats, FaultConfig } from '../src/local/index.ts';

export interface BackendProcess {
  url: string;
  stats(): Promise<BackendStats>;
  resetStats(): Promise<void>;
  /** Replace the faults (resets the PRNGs and the quota buckets). */
  setFaults(faults: FaultConfig): Promise<void>;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./backend-child.ts', import.meta.url));

export async function startBackendProcess(faults: FaultConfig = {}): Promise<BackendProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(faults)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error('the local backend child process exited before listening');
    }),
  ])) as [string];
  lines.close();
  const { url } = JSON.parse(first) as { url: string };
  return {
    url,
    stats: async () => (await (await fetch(`${url}/_evalgate/stats`)).json()) as BackendStats,
    resetStats: async () => {
      await fetch(`${url}/_evalgate/stats/reset`, { method: 'POST' });
    },
    setFaults: async (f) => {
      const res = await fetch(`${url}/_evalgate/faults`, { method: 'POST', body: JSON.stringify(f) });
      if (!res.ok) throw new Error(`setting faults failed: ${await res.text()}`);
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin?.end();
      await exited;
    },
  };
}
