/**
 * Bedrock Knowledge Bases through @aws-sdk/client-bedrock-agent-runtime:
 * - `api: kb-retrieve`: Retrieve; the ranked chunks become `response.retrieved` (retrieval-only evaluation).
 * - `api: kb-retrieve-and-generate`: RetrieveAndGenerate; the answer, its citations, and the cited references as
 *   `retrieved` (the API returns no separate ranked list, so retrieval metrics see only what was cited).
 * The rendered prompt is the query; `system` is not used by these APIs.
 */
import { RetrieveAndGenerateCommand, RetrieveCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import { EvalgateError } from '../core/errors.ts';
import type { Target, TargetResponse } from '../core/types.ts';
import { referencesOf, toChunk, toCitations } from './kb/chunks.ts';
import { retrievalConfiguration } from './kb/config.ts';
import { ensureLocalKnowledgeBase } from './kb/local-registration.ts';
import type { TargetDefinition } from './types.ts';

export const knowledgeBaseTarget: TargetDefinition = {
  apis: ['kb-retrieve', 'kb-retrieve-and-generate'],
  description:
    'Amazon Bedrock Knowledge Bases Retrieve / RetrieveAndGenerate through client-bedrock-agent-runtime',
  create(spec, clients): Target {
    const kb = spec.knowledgeBase;
    if (!kb) throw new EvalgateError('TARGET', `target "${spec.id}": api ${spec.api} needs knowledgeBase`);
    const client = clients.bedrockAgentRuntime(spec.region);
    const generate = spec.api === 'kb-retrieve-and-generate';
    const region = spec.region ?? (clients.backend.kind === 'local' ? clients.backend.region : undefined);
    return {
      id: spec.id,
      kind: generate ? 'bedrock-kb-retrieve-and-generate' : 'bedrock-kb-retrieve',
      modelId: spec.model,
      async invoke(request, signal): Promise<TargetResponse> {
        await ensureLocalKnowledgeBase(spec, clients);
        const config = retrievalConfiguration(kb, region ?? (await client.config.region()));
        const started = performance.now();
        if (!generate) {
          const out = await client.send(
            new RetrieveCommand({
              knowledgeBaseId: kb.id,
              retrievalQuery: { text: request.prompt },
              retrievalConfiguration: config,
            }),
            { abortSignal: signal },
          );
          const retrieved = (out.retrievalResults ?? []).map((r) => toChunk(r, kb.docId));
          return {
            retrieved,
            timing: { latencyMs: performance.now() - started },
            raw: { results: retrieved.length, guardrailAction: out.guardrailAction },
          };
        }
        const inference = request.inferenceConfig;
        const out = await client.send(
          new RetrieveAndGenerateCommand({
            input: { text: request.prompt },
            retrieveAndGenerateConfiguration: {
              type: 'KNOWLEDGE_BASE',
              knowledgeBaseConfiguration: {
                knowledgeBaseId: kb.id,
                modelArn: spec.model,
                retrievalConfiguration: config,
                generationConfiguration: {
                  ...(kb.promptTemplate ? { promptTemplate: { textPromptTemplate: kb.promptTemplate } } : {}),
                  ...(inference
                    ? {
                        inferenceConfig: {
                          textInferenceConfig: {
                            maxTokens: inference.maxTokens,
                            temperature: inference.temperature,
                            topP: inference.topP,
                            stopSequences: inference.stopSequences,
                          },
                        },
                      }
                    : {}),
                },
              },
            },
          }),
          { abortSignal: signal },
        );
        const citations = toCitations(out.citations, kb.docId);
        return {
          text: out.output?.text ?? '',
          citations,
          retrieved: referencesOf(citations),
          timing: { latencyMs: performance.now() - started },
          raw: {
            sessionId: out.sessionId,
            citations: citations.length,
            guardrailAction: out.guardrailAction,
          },
        };
      },
    };
  },
};
