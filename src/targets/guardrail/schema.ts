/**
 * The `guardrail:` block of a target (zod v4, strict). Two uses:
 * - `api: guardrail`: ApplyGuardrail on the rendered prompt (`source` input or output; grounding qualifiers).
 * - `api: converse` / `converse-stream`: the model is called with Converse `guardrailConfig` (`trace`).
 * The suite schema (src/config/schema.ts) embeds it and checks which fields apply to which api.
 */
import { z } from 'zod';

/** Bedrock guardrail identifiers: the id (lowercase letters and digits) or the guardrail's ARN. */
const GUARDRAIL_ID_RE =
  /^(?:[a-z0-9]+|arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+)$/;
/** A numbered version (1 – 99999999) or DRAFT. */
const GUARDRAIL_VERSION_RE = /^(?:[1-9][0-9]{0,7}|DRAFT)$/;

export const GuardrailSchema = z
  .strictObject({
    id: z
      .string()
      .regex(GUARDRAIL_ID_RE, 'expected a guardrail id (lowercase letters and digits) or a guardrail ARN')
      .describe('Bedrock guardrail identifier (id or ARN).'),
    version: z
      .union([z.string(), z.number().int()])
      .transform((v) => String(v))
      .pipe(z.string().regex(GUARDRAIL_VERSION_RE, 'expected a version number (1, 2, …) or DRAFT'))
      .describe('Guardrail version: a number or DRAFT.'),
    source: z
      .string()
      .refine((s) => /^(input|output)$/i.test(s) || s.includes('{{'), {
        message: "expected input, output or a template such as '{{source}}'",
      })
      .optional()
      .describe(
        "api guardrail: assess the text as user input (default) or model output; or a template over the case's variables, e.g. '{{source}}' (INPUT / OUTPUT per row).",
      ),
    groundingSource: z
      .string()
      .optional()
      .describe(
        "api guardrail: the contextual grounding source (handlebars over the case's variables, e.g. '{{groundingSource}}'); rows where it renders empty send none.",
      ),
    query: z
      .string()
      .optional()
      .describe("api guardrail: the user query of a grounding check (handlebars, e.g. '{{query}}')."),
    trace: z
      .enum(['enabled', 'disabled', 'enabled_full'])
      .optional()
      .describe('converse targets: guardrail trace (default enabled, so findings are recorded).'),
    localDefinition: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Local backend only: the guardrail definition file (relative to the suite), registered before the first call.',
      ),
  })
  .describe('A Bedrock guardrail: the candidate itself (api guardrail) or attached to a Converse call.');

export type GuardrailSpec = z.output<typeof GuardrailSchema>;

/** The model id a guardrail candidate is named by (price look-ups, the report, the cache scope). */
export function guardrailModelId(g: Pick<GuardrailSpec, 'id' | 'version'>): string {
  return `guardrail/${g.id}:${g.version}`;
}

/** The APIs a `guardrail:` block may be given with. */
export const GUARDRAIL_APIS: ReadonlySet<string> = new Set(['guardrail', 'converse', 'converse-stream']);
