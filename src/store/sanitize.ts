/**
 * Strips credential-like keys from JSON-able values before they are written (belt and braces: callers never pass
 * credentials, but a raw payload or a config object might carry a header or a profile by accident).
 *
 * A key is credential-like when one of its words (split on camelCase, `_`, `-`, `.`, spaces) is
 * authorization / secret / token / credential(s) / password / passwd / cookie / signature / apikey, or when it
 * holds both `access` and `key` (accessKeyId) or both `api` and `key` (api_key). `token` must be the whole word,
 * so usage counters such as `inputTokens` or `maxTokens` are kept. String values that are SigV4 authorization
 * headers are replaced by `[redacted]` wherever they appear.
 */

const SECRET_WORDS = new Set([
  'authorization',
  'secret',
  'token',
  'credential',
  'credentials',
  'password',
  'passwd',
  'cookie',
  'signature',
  'apikey',
]);

function _words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

export function isSecretKey(key: string): boolean {
  const words = _words(key);
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  const has = (w: string) => words.includes(w);
  return has('key') && (has('access') || has('api'));
}

/** A deep copy of `value` without credential-like keys. Non-JSON values (functions, symbols) are dropped. */
export function stripSecrets(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return /^AWS4-HMAC-SHA256\b/.test(value) ? '[redacted]' : value;
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((v) => stripSecrets(v, seen) ?? null);
  else {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (isSecretKey(k)) continue;
      const clean = stripSecrets(v, seen);
      if (clean !== undefined) obj[k] = clean;
    }
    out = obj;
  }
  seen.delete(value); // only ancestors count as circular; a shared sub-object is copied each time
  return out;
}

/** JSON text of the sanitised value, or null for undefined. BigInts are written as numbers. */
export function toSafeJson(value: unknown): string | null {
  if (value === undefined) return null;
  return JSON.stringify(stripSecrets(value), (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
}
