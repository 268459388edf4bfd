/**
 * Request bodies of the serving containers a local endpoint variant can run, normalised to the local models'
 * ModelInput. A body the container cannot read throws ContainerError (the container's own 4xx, which
 * SageMaker wraps in a ModelError with OriginalStatusCode).
 */
import type { ChatText, ModelInput } from '../models/prompt.ts';
import type { ContainerFormat } from './config.ts';

/** The container answered an error status itself (e.g. 400 for a malformed body). */
export class ContainerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ParsedInvocation {
  input: ModelInput;
  /** OpenAI format: `stream_options.include_usage` asks for a final usage chunk. */
  includeUsage: boolean;
  /** TGI: `parameters.details` asks for finish reason and token count. */
  details: boolean;
}

type _Obj = Record<string, unknown>;

function _fail(message: string): never {
  throw new ContainerError(400, message);
}

function _isObj(v: unknown): v is _Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function _optNum(o: _Obj, key: string, where: string, min = 0, max = Number.POSITIVE_INFINITY) {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    _fail(`${where}${key} must be a number between ${min} and ${max}`);
  return v;
}

function _optStops(o: _Obj, key: string, where: string): string[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
    _fail(`${where}${key} must be a string or a list of strings`);
  return v as string[];
}

function _json(body: Buffer): _Obj {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch (err) {
    _fail(`Failed to deserialize the JSON body: ${String((err as Error).message)}`);
  }
  if (!_isObj(doc)) _fail('Failed to deserialize the JSON body: expected a JSON object');
  return doc;
}

/** TGI and LMI/DJL: `{"inputs": "...", "parameters": {max_new_tokens, temperature, top_p, stop}}`. */
function _inputsFormat(doc: _Obj): ParsedInvocation {
  if (typeof doc.inputs !== 'string' || !doc.inputs) _fail('missing field `inputs` (expected a string)');
  const p = doc.parameters ?? {};
  if (!_isObj(p)) _fail('`parameters` must be an object');
  const maxTokens = _optNum(p, 'max_new_tokens', 'parameters.', 1);
  const input: ModelInput = { system: [], messages: [{ role: 'user', text: doc.inputs }] };
  if (maxTokens !== undefined) input.maxTokens = Math.floor(maxTokens);
  const temperature = _optNum(p, 'temperature', 'parameters.', 0, 100);
  if (temperature !== undefined) input.temperature = temperature;
  _optNum(p, 'top_p', 'parameters.', 0, 1);
  const stops = _optStops(p, 'stop', 'parameters.');
  if (stops) input.stopSequences = stops;
  return { input, includeUsage: false, details: p.details === true };
}

function _content(m: _Obj, i: number): string {
  if (typeof m.content === 'string') return m.content;
  if (Array.isArray(m.content))
    return m.content.map((part) => (_isObj(part) && typeof part.text === 'string' ? part.text : '')).join('');
  _fail(`messages[${i}].content must be a string or a list of content parts`);
}

/** OpenAI chat completions: `{"messages": [{role, content}], "max_tokens", "temperature", "top_p", "stop"}`. */
function _openai(doc: _Obj): ParsedInvocation {
  if (!Array.isArray(doc.messages) || doc.messages.length === 0)
    _fail('missing field `messages` (expected a non-empty list)');
  const system: string[] = [];
  const messages: ChatText[] = [];
  doc.messages.forEach((m: unknown, i: number) => {
    if (!_isObj(m)) _fail(`messages[${i}] must be an object`);
    const text = _content(m, i);
    if (m.role === 'system') system.push(text);
    else if (m.role === 'user' || m.role === 'assistant') messages.push({ role: m.role, text });
    else _fail(`messages[${i}].role must be system, user or assistant`);
  });
  if (!messages.some((m) => m.role === 'user')) _fail('messages must contain a user message');
  const input: ModelInput = { system, messages };
  const maxTokens = _optNum(doc, 'max_tokens', '', 1) ?? _optNum(doc, 'max_completion_tokens', '', 1);
  if (maxTokens !== undefined) input.maxTokens = Math.floor(maxTokens);
  const temperature = _optNum(doc, 'temperature', '', 0, 2);
  if (temperature !== undefined) input.temperature = temperature;
  _optNum(doc, 'top_p', '', 0, 1);
  const stops = _optStops(doc, 'stop', '');
  if (stops) input.stopSequences = stops;
  const so = doc.stream_options;
  return { input, includeUsage: _isObj(so) && so.include_usage === true, details: false };
}

/** The local custom container: `{"prompt", "system"?, "max_tokens"?, "temperature"?, "top_p"?, "stop"?}`. */
function _custom(doc: _Obj): ParsedInvocation {
  if (typeof doc.prompt !== 'string' || !doc.prompt) _fail('missing field `prompt` (expected a string)');
  if (doc.system !== undefined && doc.system !== null && typeof doc.system !== 'string')
    _fail('`system` must be a string');
  const input: ModelInput = {
    system: typeof doc.system === 'string' && doc.system ? [doc.system] : [],
    messages: [{ role: 'user', text: doc.prompt }],
  };
  const maxTokens = _optNum(doc, 'max_tokens', '', 1);
  if (maxTokens !== undefined) input.maxTokens = Math.floor(maxTokens);
  const temperature = _optNum(doc, 'temperature', '', 0, 2);
  if (temperature !== undefined) input.temperature = temperature;
  _optNum(doc, 'top_p', '', 0, 1);
  const stops = _optStops(doc, 'stop', '');
  if (stops) input.stopSequences = stops;
  return { input, includeUsage: false, details: false };
}

/** Read a request body as the given container would; throws ContainerError(400) when it cannot. */
export function parseInvocation(format: ContainerFormat, body: Buffer): ParsedInvocation {
  const doc = _json(body);
  if (format === 'openai') return _openai(doc);
  if (format === 'custom') return _custom(doc);
  return _inputsFormat(doc); // tgi and lmi share the shape
}
