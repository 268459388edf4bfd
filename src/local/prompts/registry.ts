/**
 * The Bedrock Prompt Management prompts one backend serves, by prompt id and version: registered through the admin
 * route (`PUT /_evalgate/prompts`, body `{arn, file}` or `{arn, template, model, system?, inference?}`).
 * Re-registering an ARN replaces its definition. Converse resolves a prompt version ARN given as modelId here.
 */
import { loadPromptFile, type PromptDefinition, PromptDefinitionError, parsePromptObject } from './load.ts';

/** `arn:aws:bedrock:<region>:<account>:prompt/<id>[:<version>]` → its parts; undefined when not a prompt ARN. */
const PROMPT_ARN_RE = /^arn:aws(?:-[a-z-]+)?:bedrock:([a-z0-9-]*):(\d*):prompt\/([^/:]+)(?::([^/:]*))?$/;

/** Is this model id a prompt ARN (well-formed or not)? */
export function isPromptArn(modelId: string): boolean {
  return /^arn:aws[^:]*:bedrock:[^:]*:[^:]*:prompt\//.test(modelId);
}

export interface PromptArn {
  promptId: string;
  /** Absent for the prompt itself (the draft), which Converse does not run. */
  version?: string;
}

export function parsePromptArn(arn: string): PromptArn | undefined {
  const m = PROMPT_ARN_RE.exec(arn);
  if (!m) return undefined;
  return { promptId: m[3] as string, ...(m[4] ? { version: m[4] } : {}) };
}

export interface RegisteredPrompt extends PromptDefinition {
  arn: string;
  promptId: string;
  version: string;
}

export interface PromptSummary {
  arn: string;
  promptId: string;
  version: string;
  model: string;
  variables: string[];
  origin: string;
}

const _key = (id: string, version: string) => `${id}:${version}`;

export class PromptRegistry {
  private readonly entries = new Map<string, RegisteredPrompt>();

  /** Register `{arn, file}` or `{arn, ...definition}`; throws a one-line PromptDefinitionError. */
  register(body: unknown): PromptSummary {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const arn = typeof b.arn === 'string' ? b.arn : '';
    const parsed = parsePromptArn(arn);
    if (!parsed?.version || !/^\d{1,5}$/.test(parsed.version))
      throw new PromptDefinitionError(
        `arn must be a prompt version ARN (arn:aws:bedrock:<region>:<account>:prompt/<id>:<version>), got "${arn}"`,
      );
    const { arn: _arn, file, ...rest } = b;
    const def = typeof file === 'string' ? loadPromptFile(file) : parsePromptObject(rest);
    const entry: RegisteredPrompt = { ...def, arn, promptId: parsed.promptId, version: parsed.version };
    this.entries.set(_key(parsed.promptId, parsed.version), entry);
    return _summary(entry);
  }

  /** The prompt version an ARN names, or why not (`invalid` → ValidationException, `notFound` → 404). */
  resolve(arn: string): RegisteredPrompt | { invalid: string } | { notFound: string } {
    const parsed = parsePromptArn(arn);
    if (!parsed) return { invalid: `The provided model identifier is invalid: ${arn} is not a prompt ARN.` };
    if (parsed.version === undefined)
      return {
        invalid: `The provided model identifier is invalid: ${arn} names a prompt, not a prompt version (append :<version>).`,
      };
    const hit = this.entries.get(_key(parsed.promptId, parsed.version));
    if (hit) return hit;
    const versions = [...this.entries.values()]
      .filter((e) => e.promptId === parsed.promptId)
      .map((e) => e.version);
    const has = versions.length
      ? `prompt ${parsed.promptId} has versions ${versions.join(', ')}`
      : `registered: ${
          this.list()
            .map((s) => `${s.promptId}:${s.version}`)
            .join(', ') || 'none'
        }`;
    return { notFound: `Prompt ${arn} was not found on the evalgate local backend (${has}).` };
  }

  list(): PromptSummary[] {
    return [...this.entries.values()].map(_summary);
  }
}

function _summary(e: RegisteredPrompt): PromptSummary {
  return {
    arn: e.arn,
    promptId: e.promptId,
    version: e.version,
    model: e.model,
    variables: e.variables,
    origin: e.origin,
  };
}
