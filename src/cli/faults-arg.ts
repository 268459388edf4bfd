import { readFileSync } from 'node:fs';
import { EvalgateError } from '../core/errors.ts';
import type { FaultConfig } from '../local/index.ts';

/** `--faults` takes inline JSON (`{"requestsPerSecond":5}`) or the path of a JSON file. */
export function parseFaultsArg(value: string | undefined): FaultConfig | undefined {
  if (!value) return undefined;
  const text = value.trim().startsWith('{') ? value : _read(value);
  try {
    return JSON.parse(text) as FaultConfig;
  } catch (err) {
    throw new EvalgateError('USAGE', `--faults: expected JSON or a JSON file, ${(err as Error).message}`);
  }
}

function _read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new EvalgateError('USAGE', `--faults: no such file ${path}`);
  }
}
