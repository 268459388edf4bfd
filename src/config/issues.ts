/**
 * Problems found in a suite, as data: a path into the document, a one-line message, an error code, and which
 * part of the YAML node the problem points at. `load-suite.ts` maps the path to `file:line:col`.
 * Also the zod error map that turns zod's issues into the plain messages users read.
 */
import type { z } from 'zod';
import type { EvalgateErrorCode } from '../core/errors.ts';

export type IssuePath = readonly (string | number)[];

export interface SuiteIssue {
  path: IssuePath;
  message: string;
  code: EvalgateErrorCode;
  /** Point at the key of the last path segment instead of its value (e.g. an unknown key). */
  at?: 'key' | 'value';
  /** The path printed in the message, when it differs from the located one (an unknown key names its parent). */
  display?: IssuePath;
}

/** `targets[1].concurrency`, `prices["amazon.nova-lite-v1:0"].input`; empty path → `(suite)`. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(suite)' : out;
}

/** A short, one-line rendering of a value the user wrote: `"four"`, `12`, `a list`, `a mapping`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    const short = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(short);
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const _EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
};

function _expected(name: unknown): string {
  return typeof name === 'string' ? (_EXPECTED[name] ?? name) : 'a value';
}

function _bound(iss: { origin?: unknown; inclusive?: boolean }, dir: 'min' | 'max', bound: unknown): string {
  const n = Number(bound);
  if (iss.origin === 'array')
    return dir === 'min' ? `at least ${n} item${n === 1 ? '' : 's'}` : `at most ${n}`;
  if (iss.origin === 'string') {
    if (dir === 'min' && n === 1) return 'a non-empty string';
    return `${dir === 'min' ? 'at least' : 'at most'} ${n} characters`;
  }
  const op = dir === 'min' ? (iss.inclusive === false ? '>' : '>=') : iss.inclusive === false ? '<' : '<=';
  return `a number ${op} ${n}`;
}

function _gotSize(input: unknown): string {
  if (Array.isArray(input)) return `${input.length} item${input.length === 1 ? '' : 's'}`;
  if (typeof input === 'string') return JSON.stringify(input);
  return describeValue(input);
}

/**
 * zod v4 error map (pass as `safeParse(data, { error: suiteErrorMap })`). Schema-level messages still win, so
 * a field's own `.regex(…, 'message')` is kept. Returns undefined to fall back to zod's wording.
 */
export function suiteErrorMap(iss: z.core.$ZodRawIssue): string | undefined {
  const input = iss.input;
  switch (iss.code) {
    case 'invalid_type':
      if (input === undefined) return `missing required field (expected ${_expected(iss.expected)})`;
      return `expected ${_expected(iss.expected)}, got ${describeValue(input)}`;
    case 'invalid_value': {
      const values = (iss.values as readonly unknown[]).map((v) => String(v));
      const want = values.length === 1 ? `"${values[0]}"` : `one of ${values.join(', ')}`;
      return `expected ${want}, got ${describeValue(input)}`;
    }
    case 'too_small':
      return `expected ${_bound(iss, 'min', iss.minimum)}, got ${_gotSize(input)}`;
    case 'too_big':
      return `expected ${_bound(iss, 'max', iss.maximum)}, got ${_gotSize(input)}`;
    case 'unrecognized_keys': {
      const keys = iss.keys.map((k) => `"${k}"`).join(', ');
      const shape = (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod
        ?.def?.shape;
      const allowed = shape ? ` (allowed: ${Object.keys(shape).join(', ')})` : '';
      return `unknown key${iss.keys.length === 1 ? '' : 's'} ${keys}${allowed}`;
    }
    case 'invalid_format':
      if (iss.format === 'regex')
        return `expected a value matching ${iss.pattern}, got ${describeValue(input)}`;
      return undefined;
    default:
      return undefined;
  }
}

/** Convert zod issues (already worded by `suiteErrorMap`) to SuiteIssues, prefixing `base` to each path. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], base: IssuePath = []): SuiteIssue[] {
  return issues.map((iss) => {
    const path = [...base, ...iss.path.filter((p): p is string | number => typeof p !== 'symbol')];
    if (iss.code === 'unrecognized_keys' && iss.keys[0] !== undefined) {
      // Point at the first unknown key itself, but name the object that holds it.
      return {
        path: [...path, iss.keys[0]],
        message: iss.message,
        code: 'CONFIG_SCHEMA',
        at: 'key',
        display: path,
      };
    }
    return { path, message: iss.message, code: 'CONFIG_SCHEMA' };
  });
}
