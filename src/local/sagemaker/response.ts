/**
 * Response bodies and stream parts of each serving container, in the containers' own wire formats:
 * - tgi:    `[{"generated_text"}]`; stream = SSE `data:{"token":{"text"}…}` lines, the last with generated_text;
 * - lmi:    `{"generated_text"}`; stream = JSON lines `{"token":{"text"}…}`, the last with generated_text;
 * - openai: chat.completion with usage; stream = SSE chat.completion.chunk lines, then `data: [DONE]`;
 * - custom: `{"outputs":[{"text"}],"usage":{input_tokens,output_tokens}}`; stream = JSON lines
 *           `{"outputs":[{"text"}]}`, then `{"usage":{…}}`.
 */
import type { Generation } from '../models/index.ts';
import type { ContainerFormat } from './config.ts';
import type { ParsedInvocation } from './request.ts';

const _TGI_FINISH = { end_turn: 'eos_token', max_tokens: 'length', stop_sequence: 'stop_sequence' } as const;
const _OPENAI_FINISH = { end_turn: 'stop', max_tokens: 'length', stop_sequence: 'stop' } as const;

/** Split generated text into stream tokens: one word with its leading whitespace each. */
export function streamTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

function _openaiId(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `chatcmpl-${h.toString(16).padStart(8, '0')}`;
}

/** The non-streaming response body. */
export function responseBody(
  format: ContainerFormat,
  gen: Generation,
  parsed: ParsedInvocation,
  model: string,
): unknown {
  const details = { finish_reason: _TGI_FINISH[gen.stopReason], generated_tokens: gen.outputTokens };
  if (format === 'tgi') return [{ generated_text: gen.text, ...(parsed.details ? { details } : {}) }];
  if (format === 'lmi') return { generated_text: gen.text };
  if (format === 'custom')
    return {
      outputs: [{ text: gen.text }],
      usage: { input_tokens: gen.inputTokens, output_tokens: gen.outputTokens },
    };
  return {
    id: _openaiId(gen.text),
    object: 'chat.completion',
    created: 0,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: gen.text },
        finish_reason: _OPENAI_FINISH[gen.stopReason],
      },
    ],
    usage: {
      prompt_tokens: gen.inputTokens,
      completion_tokens: gen.outputTokens,
      total_tokens: gen.inputTokens + gen.outputTokens,
    },
  };
}

const _sse = (doc: unknown): string => `data:${JSON.stringify(doc)}\n\n`;
const _line = (doc: unknown): string => `${JSON.stringify(doc)}\n`;

/** The stream's parts (each becomes one PayloadPart event, raw bytes), in order. */
export function streamParts(
  format: ContainerFormat,
  gen: Generation,
  parsed: ParsedInvocation,
  model: string,
): string[] {
  const tokens = streamTokens(gen.text);
  const last = tokens.length - 1;
  const details = { finish_reason: _TGI_FINISH[gen.stopReason], generated_tokens: gen.outputTokens };
  if (format === 'tgi' || format === 'lmi') {
    const logKey = format === 'tgi' ? 'logprob' : 'log_prob';
    const frame = format === 'tgi' ? _sse : _line;
    return tokens.map((text, i) =>
      frame({
        index: i,
        token: { id: i, text, [logKey]: 0, special: false },
        generated_text: i === last ? gen.text : null,
        details: i === last ? details : null,
      }),
    );
  }
  if (format === 'custom')
    return [
      ...tokens.map((text) => _line({ outputs: [{ text }] })),
      _line({ usage: { input_tokens: gen.inputTokens, output_tokens: gen.outputTokens } }),
    ];
  const id = _openaiId(gen.text);
  const chunk = (
    delta: Record<string, unknown>,
    finish: string | null,
    extra: Record<string, unknown> = {},
  ) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
  const parts = tokens.map((content, i) =>
    chunk(i === 0 ? { role: 'assistant', content } : { content }, null),
  );
  parts.push(chunk({}, _OPENAI_FINISH[gen.stopReason]));
  if (parsed.includeUsage) {
    const usage = {
      prompt_tokens: gen.inputTokens,
      completion_tokens: gen.outputTokens,
      total_tokens: gen.inputTokens + gen.outputTokens,
    };
    parts.push(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model, choices: [], usage })}\n\n`,
    );
  }
  parts.push('data: [DONE]\n\n');
  return parts;
}
