/**
 * The `prompts:` list of a suite: prompt versions that the suite crosses with its targets (src/config/prompt-matrix.ts).
 * An item is a template prompt (the fields of `prompt:`, with a semantic version) or a Bedrock Prompt Management
 * prompt (`bedrock: { arn, model, variables?, localFile? }`), whose text lives in Bedrock: Converse gets the
 * prompt version's ARN as modelId and the case's fields as `promptVariables`.
 */
import { z } from 'zod';

/** `1.2.0`, `2.0.0-rc.1`, `1.0.0+build.5`. */
export const SEMVER_RE =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** A prompt VERSION ARN as Converse accepts it as modelId (Bedrock's pattern, the `:version` required). */
export const PROMPT_ARN_RE =
  /^arn:aws(?:-[a-z-]+)?:bedrock:[a-z0-9-]{1,20}:\d{12}:prompt\/[0-9a-zA-Z]{10}:\d{1,5}$/;

const VARIABLE_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const ManagedPromptSchema = z
  .strictObject({
    arn: z
      .string()
      .regex(
        PROMPT_ARN_RE,
        'expected a prompt version ARN: arn:aws:bedrock:<region>:<account>:prompt/<10-character id>:<version>',
      )
      .describe('ARN of the prompt version (Converse takes it as modelId).'),
    model: z
      .string()
      .min(1)
      .describe("The prompt variant's model id: the targets with this model are crossed with this prompt."),
    variables: z
      .array(z.string().regex(VARIABLE_RE, 'expected a variable name (letters, digits, _ or -)'))
      .min(1)
      .optional()
      .describe(
        "Case fields sent as promptVariables (default: the variables the local file's template reads, else every field but expected and id).",
      ),
    localFile: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Local backend only: the prompt store entry to register (YAML: template with {{variable}}, system, model, inference).',
      ),
  })
  .describe('A Bedrock Prompt Management prompt version.');

const _TEMPLATE_FIELDS = ['template', 'file', 'system', 'include'] as const;

/**
 * One item of `prompts:`. Built from the fields of `prompt:` (passed in, so schema.ts stays the one owner of
 * them) plus `bedrock`.
 */
export function promptVersionSchema<S extends z.ZodRawShape>(promptShape: S) {
  return z
    .strictObject({ ...promptShape, bedrock: ManagedPromptSchema.optional() })
    .superRefine((raw, ctx) => {
      const p = raw as { version?: string; bedrock?: unknown } & Partial<Record<string, unknown>>;
      const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      if (p.bedrock !== undefined) {
        for (const f of _TEMPLATE_FIELDS) {
          if (p[f] !== undefined)
            issue(
              [f],
              `${f} does not apply to a Bedrock Prompt Management prompt (its text lives in Bedrock)`,
            );
        }
        return;
      }
      if (p.template !== undefined && p.file !== undefined)
        issue(['file'], 'give either template or file, not both');
      else if (p.template === undefined && p.file === undefined)
        issue(['template'], 'missing required field template (or file, or bedrock)');
      if (typeof p.version === 'string' && !SEMVER_RE.test(p.version))
        issue(['version'], `expected a semantic version such as 1.2.0 or 2.0.0-rc.1, got "${p.version}"`);
    })
    .describe('One prompt version: a template (semantic version) or a Bedrock Prompt Management prompt.');
}

/** `prompts:`: at least one version, versions unique. */
export function promptListSchema<T extends z.ZodType<{ version: string }>>(item: T) {
  return z
    .array(item)
    .min(1)
    .superRefine((list, ctx) => {
      const first = new Map<string, number>();
      list.forEach((p, i) => {
        const j = first.get(p.version);
        if (j === undefined) first.set(p.version, i);
        else
          ctx.addIssue({
            code: 'custom',
            path: [i, 'version'],
            message: `duplicate prompt version "${p.version}" (also prompts[${j}]); versions must be unique`,
          });
      });
    })
    .describe(
      'Prompt versions crossed with the targets (instead of `prompt:`): one candidate per version × target.',
    );
}
