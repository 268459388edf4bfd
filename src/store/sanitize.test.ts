import { describe, expect, it } from 'vitest';
import { isSecretKey, stripSecrets, toSafeJson } from './sanitize.ts';

describe('isSecretKey', () => {
  it.each([
    'authorization',
    'Authorization',
    'x-amz-security-token',
    'sessionToken',
    'refresh_token',
    'secretAccessKey',
    'accessKeyId',
    'aws_access_key_id',
    'credentials',
    'api_key',
    'apiKey',
    'password',
    'X-Amz-Signature',
  ])('%s is credential-like', (k) => expect(isSecretKey(k)).toBe(true));

  it.each([
    'inputTokens',
    'outputTokens',
    'maxTokens',
    'total_tokens',
    'keyword',
    'region',
    'text',
    'monkey',
  ])('%s is kept', (k) => expect(isSecretKey(k)).toBe(false));
});

describe('stripSecrets', () => {
  it('removes credential-like keys at any depth and keeps usage counters', () => {
    const shared = { a: 1 };
    const input = {
      headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/…', 'content-type': 'application/json' },
      usage: { inputTokens: 3, outputTokens: 4 },
      list: [{ sessionToken: 't', keep: true }, shared, shared],
      note: 'AWS4-HMAC-SHA256 Credential=leak',
      when: new Date('2025-01-02T03:04:05.000Z'),
      fn: () => 1,
    };
    expect(stripSecrets(input)).toEqual({
      headers: { 'content-type': 'application/json' },
      usage: { inputTokens: 3, outputTokens: 4 },
      list: [{ keep: true }, { a: 1 }, { a: 1 }],
      note: '[redacted]',
      when: '2025-01-02T03:04:05.000Z',
    });
  });

  it('marks cycles instead of recursing forever', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(stripSecrets(a)).toEqual({ x: 1, self: '[circular]' });
  });

  it('serialises to JSON text, undefined to null', () => {
    expect(toSafeJson({ token: 'x', n: 10n })).toBe('{"n":10}');
    expect(toSafeJson(undefined)).toBeNull();
    expect(toSafeJson(null)).toBe('null');
  });
});
