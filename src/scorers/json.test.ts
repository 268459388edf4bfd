import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EvalgateError } from '../core/errors.ts';
import type { EvalCase, Score, TargetResponse } from '../core/types.ts';
import { type JsonOptions, jsonScorer } from './json.ts';
import { findJson } from './json-extract.ts';

const ctx = { targetId: 't', modelId: 'm' };
const kase: EvalCase = { id: 'c1', source: { file: 'd.csv', row: 1 }, vars: {} };
const out = (text?: string): TargetResponse => ({ text, timing: { latencyMs: 5 } });
const run = (o: Omit<JsonOptions, 'type'>, text: string | undefined, baseDir = '.') =>
  jsonScorer.create({ type: 'json', ...o }, { baseDir }).score(kase, out(text), ctx) as Score[];

const order = {
  type: 'object',
  properties: { id: { type: 'string' }, total: { type: 'number' } },
  required: ['id', 'total'],
  additionalProperties: false,
};

describe('findJson', () => {
  it('parses the whole text, a fenced block, or the first balanced object', () => {
    expect(findJson(' [1,2] ', true)).toEqual({ ok: true, value: [1, 2], from: 'text' });
    expect(findJson('Sure:\n```json\n{"a": 1}\n```\nDone.', true)).toEqual({
      ok: true,
      value: { a: 1 },
      from: 'fence',
    });
    expect(findJson('Here {not json} then {"b": "x}y", "c": {"d": 2}} end', true)).toEqual({
      ok: true,
      value: { b: 'x}y', c: { d: 2 } },
      from: 'object',
    });
  });

  it('does not extract when extract is false', () => {
    expect(findJson('Answer: {"a":1}', false).ok).toBe(false);
  });
});

describe('json scorer', () => {
  it('json_valid only, without a schema', () => {
    expect(run({}, '{"id":"A1","total":3}')).toEqual([{ metric: 'json_valid', value: 1, pass: true }]);
    expect(jsonScorer.metrics({ type: 'json' })).toEqual(['json_valid']);
  });

  it('takes JSON from a fenced block and says so', () => {
    expect(run({ schema: order }, 'Here you go:\n```json\n{"id": "A1", "total": 12.5}\n```')).toEqual([
      { metric: 'json_valid', value: 1, pass: true, reason: 'JSON taken from the first fenced block' },
      { metric: 'json_schema', value: 1, pass: true },
    ]);
  });

  it('invalid JSON → both metrics 0', () => {
    const [valid, schema] = run({ schema: order }, 'total\nis 12') as [
      { value: number; reason: string },
      unknown,
    ];
    expect(valid).toMatchObject({ metric: 'json_valid', value: 0, pass: false });
    expect(valid.reason).toMatch(/^not valid JSON: /);
    expect(valid.reason).not.toContain('\n');
    expect(schema).toEqual({ metric: 'json_schema', value: 0, pass: false, reason: 'not valid JSON' });
  });

  it('schema failure reason names the first ajv error path and message', () => {
    expect(run({ schema: order }, '{"id":"A1","total":"12"}')).toEqual([
      { metric: 'json_valid', value: 1, pass: true },
      { metric: 'json_schema', value: 0, pass: false, reason: '/total must be number' },
    ]);
    expect(run({ schema: order }, '{"id":"A1","total":1,"extra":true}')[1]).toMatchObject({
      reason: '(root) must NOT have additional properties: "extra"',
    });
    expect(run({ schema: order }, '{"id":"A1"}')[1]).toMatchObject({
      reason: "(root) must have required property 'total'",
    });
  });

  it('reads schemaFile relative to baseDir, and accepts draft 2020-12 schemas from zod', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evalgate-json-'));
    const schema = z.toJSONSchema(z.object({ n: z.int().min(1) }));
    writeFileSync(join(dir, 'n.json'), JSON.stringify(schema));
    expect(run({ name: 'n_json', schemaFile: 'n.json' }, '{"n": 0}', dir)).toEqual([
      { metric: 'n_json_valid', value: 1, pass: true },
      { metric: 'n_json_schema', value: 0, pass: false, reason: '/n must be >= 1' },
    ]);
    expect(jsonScorer.metrics({ type: 'json', name: 'n_json', schemaFile: 'n.json' })).toEqual([
      'n_json_valid',
      'n_json_schema',
    ]);
  });

  it('fails at create for a missing schemaFile or an invalid schema', () => {
    expect(() => run({ schemaFile: 'nope.json' }, '{}')).toThrow(/schemaFile nope.json not found/);
    expect(() => run({ schema: { type: 'bogus' } }, '{}')).toThrow(EvalgateError);
    expect(jsonScorer.optionsSchema.safeParse({ type: 'json', schema: {}, schemaFile: 'x' }).success).toBe(
      false,
    );
  });

  it('no output text → 0 for both metrics', () => {
    expect(run({ schema: order }, undefined)).toEqual([
      { metric: 'json_valid', value: 0, pass: false, reason: 'no output text' },
      { metric: 'json_schema', value: 0, pass: false, reason: 'no output text' },
    ]);
  });
});
