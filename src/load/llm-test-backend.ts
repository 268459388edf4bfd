/**
 * Tests only: the local backend in its own process, so the generator under test and the server do not share one
 * event loop (a shared loop adds milliseconds of the other side's work to every measured gap). Faults are set
 * over the admin route, as `evalgate local` users do.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BackendProcess {
  url: string;
  setFaults(faults: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export async function startBackendProcess(faults: Record<string, unknown> = {}): Promise<BackendProcess> {
  const server = new URL('../local/server.ts', import.meta.url).href;
  const code = `const { startLocalBackend } = await import(${JSON.stringify(server)});
const backend = await startLocalBackend({ faults: ${JSON.stringify(faults)} });
process.stdout.write(backend.url + '\\n');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    child.once('exit', (status) => reject(new Error(`local backend process exited (${status})`)));
  });
  return {
    url,
    async setFaults(next) {
      const res = await fetch(`${url}/_evalgate/faults`, { method: 'POST', body: JSON.stringify(next) });
      if (!res.ok) throw new Error(`setFaults: ${res.status} ${await res.text()}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
