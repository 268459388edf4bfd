/**
 * Request bodies and response mappings per serving container format. Each format is a request builder plus
 * JSON paths to the answer (whole response, and per stream line) and to token counts; `custom` takes both from
 * the suite (`endpoint.request` / `endpoint.response`). A response the mapping cannot read throws
 * ResponseMappingError ("response has no $.outputs[0].text"), which the target turns into a one-line error.
 */
import type { TargetRequest, TokenUsage } from '../../core/types.ts';
import { evalJsonPath, type PathSegment, parseJsonPath } from './json-path.ts';
import type { EndpointSpec, PayloadFormat } from './spec.ts';
import { compileRequestTemplate } from './template.ts';

export class ResponseMappingError extends Error {}

interface _Path {
  source: string;
  segments: PathSegment[];
}

export interface PayloadCodec {
  format: PayloadFormat;
  /** The JSON request body for one request (streaming adds the container's stream flag). */
  body(request: TargetRequest, streaming: boolean): unknown;
  /** The answer path for a whole response and for one stream line. */
  text: _Path;
  streamText: _Path;
  inputTokens?: _Path;
  outputTokens?: _Path;
}

const _p = (source: string): _Path => ({ source, segments: parseJsonPath(source) });

function _inputsBody(request: TargetRequest, streaming: boolean): unknown {
  const inf = request.inferenceConfig ?? {};
  const parameters: Record<string, unknown> = {};
  if (inf.maxTokens !== undefined) parameters.max_new_tokens = inf.maxTokens;
  if (inf.temperature !== undefined) parameters.temperature = inf.temperature;
  if (inf.topP !== undefined) parameters.top_p = inf.topP;
  if (inf.stopSequences?.length) parameters.stop = inf.stopSequences;
  const inputs = request.system ? `${request.system}\n\n${request.prompt}` : request.prompt;
  return { inputs, parameters, ...(streaming ? { stream: true } : {}) };
}

function _openaiBody(request: TargetRequest, streaming: boolean): unknown {
  const inf = request.inferenceConfig ?? {};
  const messages = [
    ...(request.system ? [{ role: 'system', content: request.system }] : []),
    { role: 'user', content: request.prompt },
  ];
  return {
    messages,
    ...(inf.maxTokens !== undefined ? { max_tokens: inf.maxTokens } : {}),
    ...(inf.temperature !== undefined ? { temperature: inf.temperature } : {}),
    ...(inf.topP !== undefined ? { top_p: inf.topP } : {}),
    ...(inf.stopSequences?.length ? { stop: inf.stopSequences } : {}),
    ...(streaming ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

/** The codec of an endpoint spec (custom: its request template and response mapping). */
export function payloadCodec(spec: EndpointSpec): PayloadCodec {
  switch (spec.format) {
    case 'tgi':
      return {
        format: 'tgi',
        body: _inputsBody,
        text: _p('$[0].generated_text'),
        streamText: _p('$.token.text'),
      };
    case 'lmi':
      return {
        format: 'lmi',
        body: _inputsBody,
        text: _p('$.generated_text'),
        streamText: _p('$.token.text'),
      };
    case 'openai':
      return {
        format: 'openai',
        body: _openaiBody,
        text: _p('$.choices[0].message.content'),
        streamText: _p('$.choices[0].delta.content'),
        inputTokens: _p('$.usage.prompt_tokens'),
        outputTokens: _p('$.usage.completion_tokens'),
      };
    case 'custom': {
      const render = compileRequestTemplate(spec.request ?? '{}');
      const m = spec.response ?? { text: '$' };
      const text = _p(m.text);
      return {
        format: 'custom',
        body: (request) => render(request),
        text,
        streamText: text,
        ...(m.inputTokens ? { inputTokens: _p(m.inputTokens) } : {}),
        ...(m.outputTokens ? { outputTokens: _p(m.outputTokens) } : {}),
      };
    }
  }
}

/** The text at `path`, undefined when absent; a non-string value is a mapping error. */
export function textAt(doc: unknown, path: _Path): string | undefined {
  const r = evalJsonPath(doc, path.segments);
  if (!r.found || r.value === null) return undefined;
  if (typeof r.value !== 'string')
    throw new ResponseMappingError(`response ${path.source} is a ${typeof r.value}, not a string`);
  return r.value;
}

/** The count at `path`, undefined when absent; a non-number value is a mapping error. */
export function countAt(doc: unknown, path: _Path | undefined): number | undefined {
  if (!path) return undefined;
  const r = evalJsonPath(doc, path.segments);
  if (!r.found || r.value === null) return undefined;
  if (typeof r.value !== 'number' || !Number.isFinite(r.value))
    throw new ResponseMappingError(`response ${path.source} is not a number`);
  return r.value;
}

export function usageOf(input: number | undefined, output: number | undefined): TokenUsage | undefined {
  if (input === undefined || output === undefined) return undefined;
  return { inputTokens: input, outputTokens: output, totalTokens: input + output };
}

/** Read a whole (non-streamed) response body. */
export function readResponse(codec: PayloadCodec, body: string): { text: string; usage?: TokenUsage } {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new ResponseMappingError(`response is not JSON: ${JSON.stringify(body.slice(0, 120))}`);
  }
  const text = textAt(doc, codec.text);
  if (text === undefined)
    throw new ResponseMappingError(
      `response has no ${codec.text.source} (got ${JSON.stringify(doc).slice(0, 120)})`,
    );
  const usage = usageOf(countAt(doc, codec.inputTokens), countAt(doc, codec.outputTokens));
  return usage ? { text, usage } : { text };
}
