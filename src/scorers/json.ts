/** `json`: the output is (or contains) valid JSON, optionally valid per a JSON Schema. */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { EvalgateError } from '../core/errors.ts';
import type { Score } from '../core/types.ts';
import { graded, nameField, noOutputText, thresholdField } from './_shared.ts';
import { findJson } from './json-extract.ts';
import type { ScorerDefinition } from './types.ts';

const optionsSchema = z
  .strictObject({
    type: z.literal('json'),
    name: nameField.optional(),
    threshold: thresholdField.optional(),
    extract: z
      .boolean()
      .optional()
      .describe('Also look for JSON in a ```json fenced block or the first {...} object (default true).'),
    schema: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Inline JSON Schema (draft-07, or 2020-12 when its $schema says so) the JSON must satisfy.'),
    schemaFile: z
      .string()
      .min(1)
      .optional()
      .describe('Path of a JSON Schema file, relative to the suite file.'),
  })
  .superRefine((o, ctx) => {
    if (o.schema !== undefined && o.schemaFile !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['schemaFile'],
        message: 'give either schema or schemaFile, not both',
      });
    }
  })
  .describe('Output parses as JSON → json_valid 1; with a schema, json_schema 1 when it validates.');

export type JsonOptions = z.infer<typeof optionsSchema>;

function _metricNames(o: JsonOptions): { valid: string; schema: string } {
  return o.name === undefined
    ? { valid: 'json_valid', schema: 'json_schema' }
    : { valid: `${o.name}_valid`, schema: `${o.name}_schema` };
}

function _readSchema(o: JsonOptions, baseDir: string, label: string): Record<string, unknown> | undefined {
  if (o.schemaFile === undefined) return o.schema;
  const path = isAbsolute(o.schemaFile) ? o.schemaFile : resolve(baseDir, o.schemaFile);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new EvalgateError('CONFIG_REFERENCE', `scorer "${label}": schemaFile ${o.schemaFile} not found`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
    return _fail(label, `schemaFile ${o.schemaFile} must hold a JSON object`);
  } catch (err) {
    if (err instanceof EvalgateError) throw err;
    return _fail(label, `schemaFile ${o.schemaFile} is not valid JSON: ${(err as Error).message}`);
  }
}

function _fail(label: string, message: string): never {
  throw new EvalgateError('CONFIG_SCHEMA', `scorer "${label}": ${message}`);
}

/** Compile once; draft 2020-12 schemas (e.g. from z.toJSONSchema) get Ajv2020. `format` is not checked. */
function _compile(schema: Record<string, unknown>, label: string): ValidateFunction {
  const is2020 = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12');
  const options = { strict: false, validateFormats: false, logger: false as const };
  const ajv = is2020 ? new Ajv2020(options) : new Ajv(options);
  try {
    return ajv.compile(schema);
  } catch (err) {
    return _fail(label, `invalid JSON Schema: ${(err as Error).message}`);
  }
}

const MAX_REASON = 160;

/** One-line reason from the first ajv error: instance path, message and the offending property if any. */
export function describeAjvError(err: ErrorObject | undefined): string {
  if (!err) return 'does not match the schema';
  const where = err.instancePath === '' ? '(root)' : err.instancePath;
  const params = err.params as { additionalProperty?: string; missingProperty?: string };
  const extra = params.additionalProperty === undefined ? '' : `: "${params.additionalProperty}"`;
  const text = `${where} ${err.message ?? 'is invalid'}${extra}`;
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}

export const jsonScorer: ScorerDefinition<JsonOptions> = {
  type: 'json',
  description: 'Output is valid JSON (json_valid), optionally matching a JSON Schema (json_schema).',
  optionsSchema,
  metrics(o) {
    const names = _metricNames(o);
    return o.schema !== undefined || o.schemaFile !== undefined ? [names.valid, names.schema] : [names.valid];
  },
  create(o, env) {
    const label = o.name ?? 'json';
    const names = _metricNames(o);
    const schema = _readSchema(o, env.baseDir, label);
    const validate = schema === undefined ? undefined : _compile(schema, label);
    const extract = o.extract ?? true;
    return {
      name: label,
      type: 'json',
      score(_evalCase, response) {
        if (response.text === undefined) {
          const none = [noOutputText(names.valid, o.threshold)];
          return validate ? [...none, noOutputText(names.schema, o.threshold)] : none;
        }
        const found = findJson(response.text, extract);
        if (!found.ok) {
          const error = found.error.replace(/\s+/g, ' ');
          const scores: Score[] = [graded(names.valid, 0, o.threshold, `not valid JSON: ${error}`)];
          if (validate) scores.push(graded(names.schema, 0, o.threshold, 'not valid JSON'));
          return scores;
        }
        const note =
          found.from === 'text'
            ? undefined
            : `JSON taken from the first ${found.from === 'fence' ? 'fenced block' : '{...} object'}`;
        const scores: Score[] = [graded(names.valid, 1, o.threshold, note)];
        if (validate) {
          const ok = validate(found.value);
          const reason = ok ? undefined : describeAjvError(validate.errors?.[0]);
          scores.push(graded(names.schema, ok ? 1 : 0, o.threshold, reason));
        }
        return scores;
      },
    };
  },
};
