import {
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  type ConverseTrace,
} from '@aws-sdk/client-bedrock-runtime';
import type { Target, TargetRequest, TargetResponse, TokenUsage } from '../core/types.ts';
import { managedConverseInput } from '../prompts/converse-input.ts';
import { ensureLocalPrompt } from '../prompts/local-registration.ts';
import { converseGuardrailConfig, converseGuardrailOutcome } from './guardrail/converse.ts';
import { ensureLocalGuardrail } from './guardrail/local-registration.ts';
import { guardrailModelId } from './guardrail/schema.ts';
import type { TargetDefinition, TargetSpec } from './types.ts';

function _converseInput(spec: TargetSpec, request: TargetRequest): ConverseCommandInput {
  if (spec.managedPrompt)
    return managedConverseInput(spec.managedPrompt.arn, request, converseGuardrailConfig(spec));
  const input: ConverseCommandInput = {
    modelId: spec.model,
    messages: [{ role: 'user', content: [{ text: request.prompt }] }],
  };
  if (request.system) input.system = [{ text: request.system }];
  if (request.inferenceConfig) input.inferenceConfig = { ...request.inferenceConfig };
  const guardrailConfig = converseGuardrailConfig(spec);
  if (guardrailConfig) input.guardrailConfig = guardrailConfig;
  return input;
}

function _usage(
  u:
    | {
        inputTokens?: number;
        outputTokens?: number;
        totalTokens?: number;
        cacheReadInputTokens?: number;
        cacheWriteInputTokens?: number;
      }
    | undefined,
) {
  if (!u || u.inputTokens === undefined || u.outputTokens === undefined) return undefined;
  const usage: TokenUsage = {
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    totalTokens: u.totalTokens ?? u.inputTokens + u.outputTokens,
    // prompt-cache tokens, counted apart from inputTokens (priced at their own rates by the cost scorer)
    ...(u.cacheReadInputTokens !== undefined ? { cacheReadInputTokens: u.cacheReadInputTokens } : {}),
    ...(u.cacheWriteInputTokens !== undefined ? { cacheWriteInputTokens: u.cacheWriteInputTokens } : {}),
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
      // cached answers of one guardrail version never serve another
      ...(spec.guardrail ? { configKey: guardrailModelId(spec.guardrail) } : {}),
      // a managed prompt's answers are kept apart by its version ARN (the prompt text is not in the request)
      ...(spec.managedPrompt
        ? {
            configKey: [spec.managedPrompt.arn, spec.guardrail && guardrailModelId(spec.guardrail)].join('|'),
          }
        : {}),
      modelId: spec.model,
      async invoke(request, signal): Promise<TargetResponse> {
        await ensureLocalGuardrail(spec, clients);
        await ensureLocalPrompt(spec, clients);
        const input = _converseInput(spec, request);
        const started = performance.now();
        if (!streaming) {
          const out = await client.send(new ConverseCommand(input), { abortSignal: signal });
          const text = (out.output?.message?.content ?? []).map((c) => c.text ?? '').join('');
          const guardrail = converseGuardrailOutcome(spec, out.trace, out.stopReason, text);
          return {
            text,
            ...(guardrail ? { guardrail } : {}),
            usage: _usage(out.usage),
            stopReason: out.stopReason,
            timing: { latencyMs: performance.now() - started, serviceLatencyMs: out.metrics?.latencyMs },
            raw: {
              stopReason: out.stopReason,
              usage: out.usage,
              metrics: out.metrics,
              ...(out.trace?.guardrail ? { guardrailTrace: out.trace.guardrail } : {}),
            },
          };
        }
        const out = await client.send(new ConverseStreamCommand(input), { abortSignal: signal });
        let text = '';
        let ttftMs: number | undefined;
        let stopReason: string | undefined;
        let usage: TokenUsage | undefined;
        let serviceLatencyMs: number | undefined;
        let events = 0;
        let trace: ConverseTrace | undefined;
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
            trace = event.metadata.trace;
          }
        }
        const guardrail = converseGuardrailOutcome(spec, trace, stopReason, text);
        return {
          text,
          ...(guardrail ? { guardrail } : {}),
          usage,
          stopReason,
          timing: { latencyMs: performance.now() - started, ttftMs, serviceLatencyMs },
          raw: {
            stopReason,
            usage,
            events,
            ...(trace?.guardrail ? { guardrailTrace: trace.guardrail } : {}),
          },
        };
      },
    };
  },
};
