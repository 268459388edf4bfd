/**
 * The `endpoint:` block of a `sagemaker` / `sagemaker-stream` target (zod v4, strict): the endpoint and which
 * variant or inference component to call, the serving container's payload format (or a declarative mapping for
 * custom containers), and the hardware it runs on (for cost). The suite schema embeds it.
 */
import { z } from 'zod';
import { instancePricePerHour, PRICE_TABLE_VERSION } from '../../cost/index.ts';
import { parseJsonPath } from './json-path.ts';
import { checkRequestTemplate } from './template.ts';

export const PAYLOAD_FORMATS = ['tgi', 'lmi', 'openai', 'custom'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

const NAME_RE = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

const jsonPath = z
  .string()
  .superRefine((p, ctx) => {
    try {
      parseJsonPath(p);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  })
  .describe('A JSON path into the response, e.g. $.outputs[0].text.');

export const EndpointSchema = z
  .strictObject({
    name: z
      .string()
      .regex(NAME_RE, 'expected letters, digits and hyphens')
      .describe('SageMaker endpoint name.'),
    variant: z
      .string()
      .regex(NAME_RE, 'expected letters, digits and hyphens')
      .optional()
      .describe('Production variant to pin (TargetVariant); default: the endpoint splits traffic by weight.'),
    inferenceComponent: z
      .string()
      .min(1)
      .optional()
      .describe('Inference component to invoke (InferenceComponentName).'),
    format: z.enum(PAYLOAD_FORMATS).describe('Serving container payload format: tgi, lmi, openai or custom.'),
    request: z
      .string()
      .optional()
      .describe(
        'custom only: JSON request body as a handlebars template; variables prompt, system (JSON-escaped, write them inside quotes), maxTokens, temperature, topP (numbers or null), stopSequences (a JSON array).',
      ),
    response: z
      .strictObject({
        text: jsonPath,
        inputTokens: jsonPath.optional(),
        outputTokens: jsonPath.optional(),
      })
      .optional()
      .describe(
        'custom only: where the answer (and token counts) are in the response JSON (per line when streamed).',
      ),
    instanceType: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Hardware, e.g. ml.inf2.xlarge (for the report, and its price per hour from the price table).',
      ),
    pricePerHour: z
      .number()
      .min(0)
      .optional()
      .describe(
        'USD per instance-hour; enables cost_usd. Default: the price table figure for instanceType (src/cost/prices.yaml).',
      ),
    instanceCount: z.number().int().min(1).default(1).describe('Instances behind the variant.'),
    localDefinition: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Local backend only: endpoint definitions file (relative to the suite) registered before the first call.',
      ),
  })
  .superRefine((e, ctx) => {
    if (e.format === 'custom') {
      if (e.request === undefined)
        ctx.addIssue({ code: 'custom', path: ['request'], message: 'format custom needs request' });
      if (e.response === undefined)
        ctx.addIssue({ code: 'custom', path: ['response'], message: 'format custom needs response' });
    } else {
      for (const key of ['request', 'response'] as const)
        if (e[key] !== undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} applies only to format custom` });
    }
    if (e.request !== undefined) {
      const problem = checkRequestTemplate(e.request);
      if (problem) ctx.addIssue({ code: 'custom', path: ['request'], message: problem });
    }
  })
  .describe('A SageMaker real-time endpoint (api sagemaker or sagemaker-stream).');

export type EndpointSpec = z.output<typeof EndpointSchema>;

/** The model name a SageMaker target is reported under: `sagemaker/<name>[/<variant or component>]`. */
export function endpointModelName(e: {
  name: string;
  variant?: string;
  inferenceComponent?: string;
}): string {
  const which = e.inferenceComponent ?? e.variant;
  return which ? `sagemaker/${e.name}/${which}` : `sagemaker/${e.name}`;
}

/**
 * The endpoint's USD per instance-hour: its own `pricePerHour`, else the price table's figure for its
 * `instanceType` in `region` (or the table's default region), marked `priceSource: table <version>`; undefined
 * when neither.
 */
export function endpointPricePerHour(
  e: { instanceType?: string; pricePerHour?: number },
  region?: string,
): { pricePerHour: number; priceSource?: string } | undefined {
  if (e.pricePerHour !== undefined) return { pricePerHour: e.pricePerHour };
  const fromTable = e.instanceType ? instancePricePerHour(e.instanceType, region) : undefined;
  return fromTable === undefined
    ? undefined
    : { pricePerHour: fromTable, priceSource: `table ${PRICE_TABLE_VERSION}` };
}
