/**
 * Bedrock's RetrievalFilter over chunk metadata (front matter + the `x-amz-bedrock-kb-*` keys).
 * - equals / notEquals: strict equality of a string, number or boolean (no type coercion);
 * - greaterThan, greaterThanOrEquals, lessThan, lessThanOrEquals: numbers only (a non-number attribute fails);
 * - in / notIn: the attribute equals one of the listed values;
 * - startsWith: string prefix; stringContains: substring of a string attribute, or of any string in a list;
 * - listContains: the attribute is a list containing the value;
 * - andAll / orAll: 2 or more nested filters, all / any must match.
 * A missing attribute fails every operator except notEquals and notIn (which it passes).
 */
import { RequestValidationError } from '../routes/bedrock-parse.ts';

export type RetrievalFilter = Record<string, unknown>;

const _ATTRIBUTE_OPS = [
  'equals',
  'notEquals',
  'greaterThan',
  'greaterThanOrEquals',
  'lessThan',
  'lessThanOrEquals',
  'in',
  'notIn',
  'startsWith',
  'listContains',
  'stringContains',
] as const;
const _NUMERIC = new Set(['greaterThan', 'greaterThanOrEquals', 'lessThan', 'lessThanOrEquals']);

function _isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function _fail(where: string, message: string): never {
  throw new RequestValidationError(`${where}: ${message}`);
}

/** Throw a ValidationException-style error when the filter is malformed. */
export function validateFilter(f: unknown, where = 'filter'): asserts f is RetrievalFilter {
  if (!_isObj(f)) _fail(where, 'must be an object');
  const keys = Object.keys(f);
  if (keys.length !== 1)
    _fail(where, `must set exactly one operator, got ${keys.length ? keys.join(', ') : 'none'}`);
  const op = keys[0]!;
  const arg = f[op];
  if (op === 'andAll' || op === 'orAll') {
    if (!Array.isArray(arg) || arg.length < 2)
      _fail(`${where}.${op}`, 'must be a list of at least 2 filters');
    for (const [i, sub] of arg.entries()) validateFilter(sub, `${where}.${op}.${i}`);
    return;
  }
  if (!(_ATTRIBUTE_OPS as readonly string[]).includes(op)) _fail(where, `unknown operator ${op}`);
  if (!_isObj(arg) || typeof arg.key !== 'string' || !arg.key || !('value' in arg)) {
    _fail(`${where}.${op}`, 'must be {key: string, value}');
  }
  const v = arg.value;
  if (_NUMERIC.has(op) && typeof v !== 'number') _fail(`${where}.${op}.value`, 'must be a number');
  if ((op === 'in' || op === 'notIn') && !Array.isArray(v)) _fail(`${where}.${op}.value`, 'must be a list');
  if ((op === 'startsWith' || op === 'stringContains') && typeof v !== 'string') {
    _fail(`${where}.${op}.value`, 'must be a string');
  }
}

function _attribute(op: string, attr: unknown, value: unknown): boolean {
  const missing = attr === undefined || attr === null;
  switch (op) {
    case 'equals':
      return !missing && attr === value;
    case 'notEquals':
      return missing || attr !== value;
    case 'greaterThan':
      return typeof attr === 'number' && attr > (value as number);
    case 'greaterThanOrEquals':
      return typeof attr === 'number' && attr >= (value as number);
    case 'lessThan':
      return typeof attr === 'number' && attr < (value as number);
    case 'lessThanOrEquals':
      return typeof attr === 'number' && attr <= (value as number);
    case 'in':
      return !missing && (value as unknown[]).includes(attr);
    case 'notIn':
      return missing || !(value as unknown[]).includes(attr);
    case 'startsWith':
      return typeof attr === 'string' && attr.startsWith(value as string);
    case 'listContains':
      return Array.isArray(attr) && attr.includes(value);
    case 'stringContains':
      if (typeof attr === 'string') return attr.includes(value as string);
      return Array.isArray(attr) && attr.some((a) => typeof a === 'string' && a.includes(value as string));
    default:
      return false;
  }
}

/** A (validated) filter as a predicate over metadata, compiled once per request. */
export function compileFilter(f: RetrievalFilter): (meta: Record<string, unknown>) => boolean {
  const [op = '', arg] = Object.entries(f)[0] ?? [];
  if (op === 'andAll' || op === 'orAll') {
    const subs = (arg as RetrievalFilter[]).map(compileFilter);
    return op === 'andAll' ? (meta) => subs.every((p) => p(meta)) : (meta) => subs.some((p) => p(meta));
  }
  const { key, value } = arg as { key: string; value: unknown };
  return (meta) => _attribute(op, meta[key], value);
}

/** Does a (validated) filter accept this metadata? */
export function matchesFilter(f: RetrievalFilter, meta: Record<string, unknown>): boolean {
  return compileFilter(f)(meta);
}
