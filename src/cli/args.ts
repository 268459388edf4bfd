/** Small argument helpers shared by the CLI commands. */
import { EvalgateError } from '../core/errors.ts';

/** `text` as an integer ≥ min, else a one-line usage error naming the flag. */
export function intArg(text: string, flag: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new EvalgateError('USAGE', `${flag} expects an integer${min === 1 ? ' ≥ 1' : ''}, got "${text}"`);
  return n;
}

/** JSON.stringify replacer: NaN and infinite figures (an interval over no values) become null, not vanish. */
export function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
