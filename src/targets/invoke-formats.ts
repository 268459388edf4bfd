import type { TargetRequest, TokenUsage } from '../core/types.ts';

/**
 * InvokeModel takes each provider's native body. A format knows how to build that body and read the
 * response (whole, or one streamed chunk) back. Converse needs none of this; prefer it where you can.
 */
export interface InvokeFormat {
  readonly family: string;
  body(request: TargetRequest): Record<string, unknown>;
  parse(json: any): { text: string; usage?: TokenUsage; stopReason?: string };
  /** Reads one streamed chunk; returns the text delta and any usage/stop reason it carries. */
  parseChunk(json: any): { text?: string; usage?: Partial<TokenUsage>; stopReason?: string };
}

const nova: InvokeFormat = {
  family: 'amazon.nova',
  body(r) {
    const body: Record<string, unknown> = { messages: [{ role: 'user', content: [{ text: r.prompt }] }] };
    if (r.system) body.system = [{ text: r.system }];
    const ic = r.inferenceConfig;
    if (ic) body.inferenceConfig = { ...ic };
    return body;
  },
  parse(json) {
    const text = (json?.output?.message?.content ?? []).map((c: { text?: string }) => c.text ?? '').join('');
    return {
      text,
      usage: _usage(json?.usage?.inputTokens, json?.usage?.outputTokens),
      stopReason: json?.stopReason,
    };
  },
  parseChunk(json) {
    if (json?.contentBlockDelta) return { text: json.contentBlockDelta.delta?.text ?? '' };
    if (json?.messageStop) return { stopReason: json.messageStop.stopReason };
    if (json?.metadata?.usage) return { usage: json.metadata.usage };
    return {};
  },
};

const anthropic: InvokeFormat = {
  family: 'anthropic',
  body(r) {
    const ic = r.inferenceConfig ?? {};
    const body: Record<string, unknown> = {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: ic.maxTokens ?? 1024,
      messages: [{ role: 'user', content: [{ type: 'text', text: r.prompt }] }],
    };
    if (r.system) body.system = r.system;
    if (ic.temperature !== undefined) body.temperature = ic.temperature;
    if (ic.topP !== undefined) body.top_p = ic.topP;
    if (ic.stopSequences?.length) body.stop_sequences = ic.stopSequences;
    return body;
  },
  parse(json) {
    const text = (json?.content ?? []).map((c: { text?: string }) => c.text ?? '').join('');
    return {
      text,
      usage: _usage(json?.usage?.input_tokens, json?.usage?.output_tokens),
      stopReason: json?.stop_reason,
    };
  },
  parseChunk(json) {
    if (json?.type === 'content_block_delta') return { text: json.delta?.text ?? '' };
    if (json?.type === 'message_start') return { usage: { inputTokens: json.message?.usage?.input_tokens } };
    if (json?.type === 'message_delta')
      return { stopReason: json.delta?.stop_reason, usage: { outputTokens: json.usage?.output_tokens } };
    return {};
  },
};

const FORMATS: readonly InvokeFormat[] = [nova, anthropic];

/** Strips a cross-region inference-profile prefix (`us.`, `eu.`, `apac.`, `global.`) and finds the format. */
export function invokeFormatFor(modelId: string): InvokeFormat | undefined {
  const bare = modelId.replace(/^(us|eu|apac|global|us-gov)\./, '');
  return FORMATS.find((f) => bare.startsWith(`${f.family}`));
}

export function supportedInvokeFamilies(): string[] {
  return FORMATS.map((f) => f.family);
}

function _usage(input: unknown, output: unknown): TokenUsage | undefined {
  if (typeof input !== 'number' || typeof output !== 'number') return undefined;
  return { inputTokens: input, outputTokens: output, totalTokens: input + output };
}
