/**
 * Request bodies of bedrock-runtime → the models' normalised `ModelInput`.
 * Converse: `{messages:[{role, content:[{text}|…]}], system:[{text}], inferenceConfig:{maxTokens, …}}`.
 * InvokeModel (Amazon Nova messages format): same messages/system, `inferenceConfig.max_new_tokens`
 * (or `maxTokens`), `temperature`, `topP`/`top_p`, `stopSequences`.
 */
import type { ChatText, ModelInput } from '../models/prompt.ts';

/** A request the service would reject with ValidationException. */
export class RequestValidationError extends Error {}

function _fail(message: string): never {
  throw new RequestValidationError(message);
}

function _isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text of a content list: `[{text}, {image}, …]` (non-text blocks ignored) or a plain string. */
function _blocksText(content: unknown, where: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) _fail(`${where} must be a list of content blocks`);
  return content
    .map((b) => (_isObj(b) && typeof b.text === 'string' ? b.text : ''))
    .filter((t) => t)
    .join('\n');
}

function _messages(raw: unknown): ChatText[] {
  if (!Array.isArray(raw) || raw.length === 0) _fail('messages must be a non-empty list');
  const out = raw.map((m, i): ChatText => {
    if (!_isObj(m)) _fail(`messages.${i} must be an object`);
    if (m.role !== 'user' && m.role !== 'assistant') _fail(`messages.${i}.role must be user or assistant`);
    return { role: m.role, text: _blocksText(m.content, `messages.${i}.content`) };
  });
  if (out[0]?.role !== 'user') _fail('A conversation must start with a user message.');
  return out;
}

function _system(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (typeof raw === 'string') return [raw];
  if (!Array.isArray(raw)) _fail('system must be a list of content blocks');
  return raw.map((b) => (_isObj(b) && typeof b.text === 'string' ? b.text : '')).filter((t) => t);
}

function _maxTokens(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) _fail('maxTokens must be an integer >= 1');
  return v;
}

function _inference(
  raw: unknown,
  maxKeys: string[],
): Pick<ModelInput, 'maxTokens' | 'stopSequences' | 'temperature'> {
  if (raw === undefined) return {};
  if (!_isObj(raw)) _fail('inferenceConfig must be an object');
  const key = maxKeys.find((k) => raw[k] !== undefined);
  const stops = raw.stopSequences;
  if (stops !== undefined && !(Array.isArray(stops) && stops.every((s) => typeof s === 'string'))) {
    _fail('stopSequences must be a list of strings');
  }
  const temperature = raw.temperature;
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0 || temperature > 1)) {
    _fail('temperature must be a number between 0 and 1');
  }
  return {
    maxTokens: key ? _maxTokens(raw[key]) : undefined,
    stopSequences: stops as string[] | undefined,
    temperature: temperature as number | undefined,
  };
}

function _json(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    _fail('Malformed input request: request body is not valid JSON');
  }
  if (!_isObj(parsed)) _fail('Malformed input request: expected a JSON object');
  return parsed;
}

export function parseConverseBody(body: Buffer): ModelInput {
  const j = _json(body);
  return {
    system: _system(j.system),
    messages: _messages(j.messages),
    ..._inference(j.inferenceConfig, ['maxTokens']),
  };
}

export function parseNovaBody(body: Buffer): ModelInput {
  const j = _json(body);
  return {
    system: _system(j.system),
    messages: _messages(j.messages),
    ..._inference(j.inferenceConfig, ['max_new_tokens', 'maxTokens']),
  };
}
