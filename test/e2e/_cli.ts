/** How the end-to-end tests run the real CLI: a child process in the repository root, as a user would. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node ARGS` in the repository root with CI=true (plus `env`); resolves with exit code and output, never rejects. */
export function runNode(args: readonly string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...args],
      { cwd: ROOT, env: { ...process.env, CI: 'true', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

/** `evalgate ARGS` (src/cli/main.ts through tsx). */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<Ran> {
  return runNode(['--import', 'tsx', 'src/cli/main.ts', ...args], env);
}
