/**
 * The generation step of a RAG pipeline: the retrieved chunks as numbered passages, the question, one Converse
 * call. Default prompt: the passages (each under a `## Passage n (doc id)` heading) then `Question: <query>`, with
 * a system instruction to answer only from the passages and to say so when they do not hold the answer (added
 * after the suite's own system prompt). A custom `rag.prompt` (handlebars: {{query}}, {{context}}, {{passages}})
 * replaces the user message and drops the instruction.
 */
import {
  type BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import Handlebars from 'handlebars';
import type { TargetRequest, TokenUsage } from '../../core/types.ts';
import type { Hit } from './retrieve.ts';

export const DEFAULT_INSTRUCTION =
  'Answer the question using only the numbered passages. If the passages do not contain the answer, say that you do not know.';
export const DEFAULT_PROMPT = '{{context}}\n\nQuestion: {{query}}';

export interface Passage {
  n: number;
  docId: string;
  location: string;
  text: string;
}

export type PromptTemplate = (vars: { query: string; context: string; passages: Passage[] }) => string;

/** Compile a pipeline prompt (no HTML escaping; strict: an unknown variable throws). */
export function compileRagPrompt(source: string | undefined): PromptTemplate {
  const fn = Handlebars.compile(source ?? DEFAULT_PROMPT, { noEscape: true, strict: true });
  return (vars) => fn(vars);
}

/** The numbered passages block ({{context}}). */
export function formatContext(passages: readonly Passage[]): string {
  if (passages.length === 0) return '(no passages were retrieved)';
  return passages.map((p) => `## Passage ${p.n} (${p.docId})\n${p.text}`).join('\n\n');
}

export interface Generated {
  text: string;
  usage: TokenUsage | undefined;
  stopReason: string | undefined;
  serviceLatencyMs: number | undefined;
}

export async function generateAnswer(
  client: BedrockRuntimeClient,
  modelId: string,
  template: PromptTemplate,
  customPrompt: boolean,
  request: TargetRequest,
  hits: readonly Hit[],
  signal: AbortSignal,
): Promise<Generated> {
  const passages = hits.map((h, i) => ({
    n: i + 1,
    docId: h.chunk.docId,
    location: h.chunk.location,
    text: h.chunk.text,
  }));
  const user = template({ query: request.prompt, context: formatContext(passages), passages });
  const system = [request.system, customPrompt ? undefined : DEFAULT_INSTRUCTION].filter(
    (s): s is string => s !== undefined && s !== '',
  );
  const input: ConverseCommandInput = { modelId, messages: [{ role: 'user', content: [{ text: user }] }] };
  if (system.length > 0) input.system = system.map((text) => ({ text }));
  if (request.inferenceConfig) input.inferenceConfig = { ...request.inferenceConfig };
  const out = await client.send(new ConverseCommand(input), { abortSignal: signal });
  const text = (out.output?.message?.content ?? []).map((c) => c.text ?? '').join('');
  const u = out.usage;
  const usage =
    u?.inputTokens !== undefined && u.outputTokens !== undefined
      ? {
          inputTokens: u.inputTokens,
          outputTokens: u.outputTokens,
          totalTokens: u.totalTokens ?? u.inputTokens + u.outputTokens,
        }
      : undefined;
  return { text, usage, stopReason: out.stopReason, serviceLatencyMs: out.metrics?.latencyMs };
}
