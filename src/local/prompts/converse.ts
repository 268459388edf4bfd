/**
 * Converse / ConverseStream with a prompt version ARN as modelId, as Bedrock serves Prompt Management prompts:
 * the prompt's template (and system text) get their `{{variables}}` from the request's `promptVariables`
 * (`{name: {text}}`); the request's `messages`, if any, are appended after the prompt's message; the prompt's
 * variant model answers with the variant's inference configuration. Bedrock rejects `system`,
 * `inferenceConfig`, `toolConfig` and `additionalModelRequestFields` with a prompt ARN; so does this. The result
 * is an ordinary Converse body for the variant's model, so the rest of the route (guardrails, faults, streaming)
 * is unchanged.
 */
import { fillPlaceholders } from './load.ts';
import type { PromptRegistry } from './registry.ts';

export type ManagedConverse =
  | { modelId: string; body: Buffer; promptArn: string }
  | { error: 'ValidationException' | 'ResourceNotFoundException'; message: string };

const _REJECTED = ['system', 'inferenceConfig', 'toolConfig', 'additionalModelRequestFields'] as const;

function _invalid(message: string): ManagedConverse {
  return { error: 'ValidationException', message };
}

function _variables(raw: unknown): Record<string, string> | string {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'promptVariables must be a map';
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(raw)) {
    const text = (v as { text?: unknown } | null)?.text;
    if (typeof text !== 'string') return `promptVariables.${name} must be {"text": "..."}`;
    out[name] = text;
  }
  return out;
}

/** Resolve a prompt ARN request into a plain Converse request for the variant's model (or the AWS error). */
export function resolveManagedConverse(
  registry: PromptRegistry,
  arn: string,
  body: Buffer,
  mode: string,
): ManagedConverse {
  if (!mode.startsWith('converse'))
    return _invalid(
      `${arn} is a prompt ARN: the evalgate local backend runs prompts through Converse and ConverseStream only.`,
    );
  const prompt = registry.resolve(arn);
  if ('invalid' in prompt) return _invalid(prompt.invalid);
  if ('notFound' in prompt) return { error: 'ResourceNotFoundException', message: prompt.notFound };
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8') || '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    json = parsed as Record<string, unknown>;
  } catch {
    return _invalid('Malformed input request: request body is not valid JSON');
  }
  const rejected = _REJECTED.find((k) => json[k] !== undefined);
  if (rejected)
    return _invalid(
      `${rejected} can't be specified when the model identifier is a prompt ARN (it is set in the prompt).`,
    );
  const vars = _variables(json.promptVariables);
  if (typeof vars === 'string') return _invalid(vars);
  const user = fillPlaceholders(prompt.template, vars);
  const system = prompt.system === undefined ? undefined : fillPlaceholders(prompt.system, vars);
  for (const filled of [user, system]) {
    if (filled && 'missing' in filled)
      return _invalid(`The prompt variable ${filled.missing} of ${arn} has no value in promptVariables.`);
  }
  const extra = Array.isArray(json.messages) ? json.messages : [];
  const converse: Record<string, unknown> = {
    messages: [{ role: 'user', content: [{ text: (user as { text: string }).text }] }, ...extra],
  };
  if (system && 'text' in system) converse.system = [{ text: system.text }];
  if (prompt.inference) converse.inferenceConfig = prompt.inference;
  if (json.guardrailConfig !== undefined) converse.guardrailConfig = json.guardrailConfig;
  return { modelId: prompt.model, body: Buffer.from(JSON.stringify(converse)), promptArn: arn };
}
