/**
 * The harness's read of a local prompt store file (a suite's `prompts[].bedrock.localFile`): which variables its
 * template reads (the default `promptVariables`) and which model its variant names. The local backend parses
 * the same file on its own (src/local/prompts/load.ts): `local` imports nothing of the harness.
 *
 * Format (YAML): `template` (required; `{{name}}` placeholders, Bedrock Prompt Management syntax), `system`,
 * `model` (the variant's model id), `inference` ({maxTokens, temperature, topP, stopSequences}), `name`.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** `{{ name }}` placeholders, as Bedrock Prompt Management writes variables. */
const PLACEHOLDER_RE = /\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}/g;

/** Variable names a prompt text reads, in order of first use. */
export function placeholderNames(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1] as string))];
}

export interface ManagedPromptFile {
  template: string;
  system?: string;
  model?: string;
  /** Variables the template and system read, in order of first use. */
  variables: string[];
}

/** Read and check a local prompt file; a problem is returned as a one-line reason (no throw). */
export async function readManagedPromptFile(path: string): Promise<ManagedPromptFile | { problem: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'not found' : `cannot read it (${code ?? String(err)})` };
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    return { problem: `invalid YAML: ${String((err as Error).message).split('\n')[0]}` };
  }
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (typeof d.template !== 'string' || d.template.trim() === '')
    return { problem: 'expected a template (text with {{variable}} placeholders)' };
  if (d.system !== undefined && typeof d.system !== 'string') return { problem: 'system must be text' };
  if (d.model !== undefined && typeof d.model !== 'string') return { problem: 'model must be a model id' };
  const variables = placeholderNames(`${d.system ?? ''}\n${d.template}`);
  return {
    template: d.template,
    ...(typeof d.system === 'string' ? { system: d.system } : {}),
    ...(typeof d.model === 'string' ? { model: d.model } : {}),
    variables,
  };
}
