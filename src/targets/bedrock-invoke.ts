import { InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { EvalgateError } from '../core/errors.ts';
import type { Target, TargetResponse, TokenUsage } from '../core/types.ts';
import { invokeFormatFor, supportedInvokeFamilies } from './invoke-formats.ts';
import type { TargetDefinition } from './types.ts';

const decoder = new TextDecoder();

/** Bedrock InvokeModel (`api: invoke`) and InvokeModelWithResponseStream (`api: invoke-stream`). */
export const bedrockInvoke: TargetDefinition = {
  apis: ['invoke', 'invoke-stream'],
  description: "Amazon Bedrock InvokeModel / InvokeModelWithResponseStream with the provider's native body",
  create(spec, clients): Target {
    const format = invokeFormatFor(spec.model);
    if (!format) {
      throw new EvalgateError(
        'TARGET',
        `target "${spec.id}": api ${spec.api} has no body format for model ${spec.model} (supported families: ${supportedInvokeFamilies().join(', ')}); use api: converse`,
      );
    }
    const client = clients.bedrockRuntime(spec.region);
    const streaming = spec.api === 'invoke-stream';
    return {
      id: spec.id,
      kind: streaming ? 'bedrock-invoke-stream' : 'bedrock-invoke',
      modelId: spec.model,
      async invoke(request, signal): Promise<TargetResponse> {
        const body = JSON.stringify(format.body(request));
        const base = {
          modelId: spec.model,
          body,
          contentType: 'application/json',
          accept: 'application/json',
        };
        const started = performance.now();
        if (!streaming) {
          const out = await client.send(new InvokeModelCommand(base), { abortSignal: signal });
          const json = JSON.parse(decoder.decode(out.body));
          const parsed = format.parse(json);
          return { ...parsed, timing: { latencyMs: performance.now() - started }, raw: json };
        }
        const out = await client.send(new InvokeModelWithResponseStreamCommand(base), {
          abortSignal: signal,
        });
        let text = '';
        let ttftMs: number | undefined;
        let stopReason: string | undefined;
        const usage: Partial<TokenUsage> = {};
        let chunks = 0;
        for await (const event of out.body ?? []) {
          if (!event.chunk?.bytes) continue;
          chunks++;
          const part = format.parseChunk(JSON.parse(decoder.decode(event.chunk.bytes)));
          if (part.text) {
            ttftMs ??= performance.now() - started;
            text += part.text;
          }
          if (part.stopReason) stopReason = part.stopReason;
          if (part.usage) Object.assign(usage, _defined(part.usage));
        }
        const full =
          usage.inputTokens !== undefined && usage.outputTokens !== undefined
            ? {
                inputTokens: usage.inputTokens,
                outputTokens: usage.outputTokens,
                totalTokens: usage.inputTokens + usage.outputTokens,
              }
            : undefined;
        return {
          text,
          usage: full,
          stopReason,
          timing: { latencyMs: performance.now() - started, ttftMs },
          raw: { stopReason, usage: full, chunks },
        };
      },
    };
  },
};

function _defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
