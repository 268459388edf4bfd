import {
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import type { Target, TargetRequest, TargetResponse, TokenUsage } from '../core/types.ts';
import type { TargetDefinition } from './types.ts';

function _converseInput(modelId: string, request: TargetRequest): ConverseCommandInput {
  const input: ConverseCommandInput = {
    modelId,
    messages: [{ role: 'user', content: [{ text: request.prompt }] }],
  };
  if (request.system) input.system = [{ text: request.system }];
  if (request.inferenceConfig) input.inferenceConfig = { ...request.inferenceConfig };
  return input;
}

function _usage(u: { inputTokens?: number; outputTokens?: number; totalTokens?: number } | undefined) {
  if (!u || u.inputTokens === undefined || u.outputTokens === undefined) return undefined;
  const usage: TokenUsage = {
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    totalTokens: u.totalTokens ?? u.inputTokens + u.outputTokens,
  };
  return usage;
}

/** Bedrock Converse (`api: converse`) and ConverseStream (`api: converse-stream`, records time to first token). */
export const bedrockConverse: TargetDefinition = {
  apis: ['converse', 'converse-stream'],
  description: 'Amazon Bedrock Converse / ConverseStream through @aws-sdk/client-bedrock-runtime',
  create(spec, clients): Target {
    const client = clients.bedrockRuntime(spec.region);
    const streaming = spec.api === 'converse-stream';
    return {
      id: spec.id,
      kind: streaming ? 'bedrock-converse-stream' : 'bedrock-converse',
      modelId: spec.model,
      async invoke(request, signal): Promise<TargetResponse> {
        const input = _converseInput(spec.model, request);
        const started = performance.now();
        if (!streaming) {
          const out = await client.send(new ConverseCommand(input), { abortSignal: signal });
          const text = (out.output?.message?.content ?? []).map((c) => c.text ?? '').join('');
          return {
            text,
            usage: _usage(out.usage),
            stopReason: out.stopReason,
            timing: { latencyMs: performance.now() - started, serviceLatencyMs: out.metrics?.latencyMs },
            raw: { stopReason: out.stopReason, usage: out.usage, metrics: out.metrics },
          };
        }
        const out = await client.send(new ConverseStreamCommand(input), { abortSignal: signal });
        let text = '';
        let ttftMs: number | undefined;
        let stopReason: string | undefined;
        let usage: TokenUsage | undefined;
        let serviceLatencyMs: number | undefined;
        let events = 0;
        for await (const event of out.stream ?? []) {
          events++;
          const delta = event.contentBlockDelta?.delta?.text;
          if (delta !== undefined) {
            ttftMs ??= performance.now() - started;
            text += delta;
          }
          if (event.messageStop) stopReason = event.messageStop.stopReason;
          if (event.metadata) {
            usage = _usage(event.metadata.usage);
            serviceLatencyMs = event.metadata.metrics?.latencyMs;
          }
        }
        return {
          text,
          usage,
          stopReason,
          timing: { latencyMs: performance.now() - started, ttftMs, serviceLatencyMs },
          raw: { stopReason, usage, events },
        };
      },
    };
  },
};
