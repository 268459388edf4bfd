/**
 * A run's provenance, captured once at run start: the git commit of the suite's checkout (short-lived `git`
 * calls whose failures are ignored: no git, not a checkout → no `git` entry), evalgate's and Node's versions,
 * and the version of the price table its cost figures use.
 * Reads no environment variable and stores nothing credential-like.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PRICE_TABLE_VERSION } from '../cost/index.ts';
import type { RunMeta } from '../store/types.ts';

const GIT_TIMEOUT_MS = 3000;

function _git(args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: 4 << 20 }, (err, stdout) =>
      resolve(err ? undefined : String(stdout)),
    );
  });
}

/** The checkout's HEAD and whether its working tree differs from it; undefined outside a git checkout. */
export async function gitState(cwd: string): Promise<RunMeta['git']> {
  const head = (await _git(['rev-parse', 'HEAD'], cwd))?.trim();
  if (!head || !/^[0-9a-f]{40,64}$/.test(head)) return undefined;
  const status = await _git(['status', '--porcelain'], cwd);
  return { commit: head, dirty: status === undefined ? false : status.trim().length > 0 };
}

let _version: string | undefined;

/** evalgate's version from its package.json. */
export function evalgateVersion(): string {
  if (_version === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
      _version = typeof pkg.version === 'string' ? pkg.version : 'unknown';
    } catch {
      _version = 'unknown';
    }
  }
  return _version ?? 'unknown';
}

/** Everything the run record keeps about where the run came from (`cwd`: the suite's folder). */
export async function captureRunMeta(cwd: string): Promise<RunMeta> {
  const git = await gitState(cwd);
  return {
    ...(git ? { git } : {}),
    evalgateVersion: evalgateVersion(),
    nodeVersion: process.version,
    platform: `${process.platform}-${process.arch}`,
    priceTable: PRICE_TABLE_VERSION,
  };
}
