/** Shared helpers of the benchmarks: figure lines, temp dirs, the client options every bench uses. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Backend, sdkClientOptions } from '../src/targets/backend.ts';

export const REGION = 'us-east-1';

/** Print one figure as `name: value` (numbers rounded to a sensible precision). */
export function figure(name: string, value: number | string): void {
  const text = typeof value === 'number' ? _format(value) : value;
  process.stdout.write(`${name}: ${text}\n`);
}

function _format(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  return abs >= 100 ? n.toFixed(1) : abs >= 1 ? n.toFixed(3) : n.toFixed(4);
}

/** A note line for humans (stderr, so stdout stays `name: value` lines only). */
export function note(line: string): void {
  process.stderr.write(`# ${line}\n`);
}

/** A fresh temp dir, removed after `fn` (also when it throws). */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `evalgate-bench-${prefix}-`));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function localBackend(endpoint: string): Backend {
  return { kind: 'local', endpoint, region: REGION };
}

/** The options the runner's ClientPool gives its BedrockRuntimeClient, for the bare SDK loop. */
export function bareClientOptions(endpoint: string) {
  return sdkClientOptions(localBackend(endpoint), REGION);
}

/** Sleep `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
