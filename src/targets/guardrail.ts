/**
 * `api: guardrail`: Bedrock ApplyGuardrail through @aws-sdk/client-bedrock-runtime. The rendered prompt is the text
 * under assessment; a grounding row adds its grounding source and query as qualified text blocks (the prompt is
 * then the `guard_content`). The response carries the guardrail's decision (`response.guardrail`: action, every
 * assessment entry as a finding, the masked or blocked text, the guardrail's own latency) and, as `text`, what
 * gets through: Bedrock's output text when it intervened, else the text unchanged.
 */
import { ApplyGuardrailCommand, type GuardrailContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { EvalgateError } from '../core/errors.ts';
import type { Target, TargetRequest, TargetResponse } from '../core/types.ts';
import { outcomeOfApply, processingMs } from './guardrail/assessments.ts';
import { ensureLocalGuardrail } from './guardrail/local-registration.ts';
import type { TargetDefinition } from './types.ts';

/** The ApplyGuardrail content: the text alone, or grounding source + query + the text as guard_content. */
export function guardrailContent(request: TargetRequest): GuardrailContentBlock[] {
  const g = request.guardrail;
  if (g?.groundingSource === undefined && g?.query === undefined) return [{ text: { text: request.prompt } }];
  const blocks: GuardrailContentBlock[] = [];
  if (g.groundingSource !== undefined)
    blocks.push({ text: { text: g.groundingSource, qualifiers: ['grounding_source'] } });
  if (g.query !== undefined) blocks.push({ text: { text: g.query, qualifiers: ['query'] } });
  blocks.push({ text: { text: request.prompt, qualifiers: ['guard_content'] } });
  return blocks;
}

export const guardrailTarget: TargetDefinition = {
  apis: ['guardrail'],
  description: 'Amazon Bedrock Guardrails ApplyGuardrail through @aws-sdk/client-bedrock-runtime',
  create(spec, clients): Target {
    const g = spec.guardrail;
    if (!g) throw new EvalgateError('TARGET', `target "${spec.id}": api guardrail needs guardrail`);
    const client = clients.bedrockRuntime(spec.region);
    const fixedSource = g.source && /^(input|output)$/i.test(g.source) ? g.source.toUpperCase() : undefined;
    return {
      id: spec.id,
      kind: 'bedrock-guardrail',
      modelId: spec.model,
      async invoke(request, signal): Promise<TargetResponse> {
        await ensureLocalGuardrail(spec, clients);
        const source =
          request.guardrail?.source ?? (fixedSource as 'INPUT' | 'OUTPUT' | undefined) ?? 'INPUT';
        const started = performance.now();
        const out = await client.send(
          new ApplyGuardrailCommand({
            guardrailIdentifier: g.id,
            guardrailVersion: g.version,
            source,
            content: guardrailContent(request),
          }),
          { abortSignal: signal },
        );
        const latencyMs = performance.now() - started;
        const guardrail = outcomeOfApply(out, source, latencyMs);
        const serviceLatencyMs = processingMs(out.assessments ?? []);
        return {
          text: guardrail.outputText ?? request.prompt,
          guardrail,
          stopReason: guardrail.action,
          timing: { latencyMs, ...(serviceLatencyMs === undefined ? {} : { serviceLatencyMs }) },
          raw: {
            action: out.action,
            actionReason: out.actionReason,
            assessments: out.assessments,
            usage: out.usage,
            guardrailCoverage: out.guardrailCoverage,
          },
        };
      },
    };
  },
};
