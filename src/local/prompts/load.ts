/**
 * A local prompt store entry: one Bedrock Prompt Management prompt version, as a YAML/JSON file or an object.
 * Fields: `template` (required; text with `{{variable}}` placeholders, Bedrock Prompt Management syntax),
 * `system` (optional text, placeholders allowed), `model` (required: the variant's model id, a local model),
 * `inference` (optional: maxTokens, temperature, topP, stopSequences — the variant's inference configuration),
 * `name` (optional). Problems throw PromptDefinitionError with a one-line message.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { getLocalModel, LOCAL_MODELS } from '../models/index.ts';

export class PromptDefinitionError extends Error {}

export interface PromptInference {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

export interface PromptDefinition {
  name?: string;
  template: string;
  system?: string;
  model: string;
  inference?: PromptInference;
  /** The variables the template and system read, in order of first use. */
  variables: string[];
  /** Where it came from: a file path or `(admin)`. */
  origin: string;
}

const PLACEHOLDER_RE = /\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}/g;

/** Variable names a prompt text reads, in order of first use. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1] as string))];
}

/** Replace every `{{name}}` by its value; `missing` gets the first name without one. */
export function fillPlaceholders(
  text: string,
  values: Record<string, string>,
): { text: string } | { missing: string } {
  const missing = placeholders(text).find((n) => values[n] === undefined);
  if (missing !== undefined) return { missing };
  return { text: text.replace(PLACEHOLDER_RE, (_m, name: string) => values[name] as string) };
}

const _INFERENCE_KEYS = new Set(['maxTokens', 'temperature', 'topP', 'stopSequences']);

function _inference(raw: unknown, origin: string): PromptInference | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new PromptDefinitionError(`${origin}: inference must be a mapping`);
  const unknown = Object.keys(raw).find((k) => !_INFERENCE_KEYS.has(k));
  if (unknown !== undefined)
    throw new PromptDefinitionError(
      `${origin}: inference.${unknown} is not an inference field (maxTokens, temperature, topP, stopSequences)`,
    );
  return raw as PromptInference;
}

/** Validate a prompt definition object. */
export function parsePromptObject(raw: unknown, origin = '(admin)'): PromptDefinition {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new PromptDefinitionError(`${origin}: expected a mapping with template and model`);
  const d = raw as Record<string, unknown>;
  if (typeof d.template !== 'string' || d.template.trim() === '')
    throw new PromptDefinitionError(`${origin}: template must be a non-empty text`);
  if (d.system !== undefined && typeof d.system !== 'string')
    throw new PromptDefinitionError(`${origin}: system must be text`);
  if (typeof d.model !== 'string' || !getLocalModel(d.model)) {
    const known = LOCAL_MODELS.map((m) => m.id).join(', ');
    throw new PromptDefinitionError(`${origin}: model must be a local model id (has: ${known})`);
  }
  const inference = _inference(d.inference, origin);
  return {
    ...(typeof d.name === 'string' ? { name: d.name } : {}),
    template: d.template,
    ...(typeof d.system === 'string' ? { system: d.system } : {}),
    model: d.model,
    ...(inference ? { inference } : {}),
    variables: placeholders(`${d.system ?? ''}\n${d.template}`),
    origin,
  };
}

/** Read and validate a prompt definition file (YAML or JSON). */
export function loadPromptFile(path: string): PromptDefinition {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PromptDefinitionError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    throw new PromptDefinitionError(
      `${path}: invalid YAML: ${String((err as Error).message).split('\n')[0]}`,
    );
  }
  return parsePromptObject(data, path);
}
