/**
 * Local SageMaker endpoint definitions (a YAML or JSON file, see ENDPOINTS.md): endpoints by name, each with
 * production variants (weight, hardware, serving container, the local text model it runs, a latency profile)
 * and optional inference components.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { getLocalModel, LOCAL_MODELS } from '../models/index.ts';

export const CONTAINER_FORMATS = ['tgi', 'lmi', 'openai', 'custom'] as const;
export type ContainerFormat = (typeof CONTAINER_FORMATS)[number];

const NAME_RE = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/; // SageMaker's endpoint / variant name pattern

const LatencySchema = z.strictObject({
  /** Time before the first token (ms). */
  baseMs: z.number().min(0).default(0),
  perInputTokenMs: z.number().min(0).default(0),
  /** Decode time per output token (ms); also the spacing of streamed parts. */
  perOutputTokenMs: z.number().min(0).default(0),
});

const ServingSchema = {
  container: z.enum(CONTAINER_FORMATS),
  model: z.string().refine((id) => getLocalModel(id) !== undefined, {
    message: `expected a local text model (${LOCAL_MODELS.map((m) => m.id).join(', ')})`,
  }),
  latency: LatencySchema.default({ baseMs: 0, perInputTokenMs: 0, perOutputTokenMs: 0 }),
};

const VariantSchema = z.strictObject({
  name: z.string().regex(NAME_RE, 'expected letters, digits and hyphens'),
  weight: z.number().min(0).default(1),
  instanceType: z.string().min(1).default('ml.inf2.xlarge'),
  instanceCount: z.number().int().min(1).default(1),
  ...ServingSchema,
});

const ComponentSchema = z.strictObject({
  name: z.string().regex(NAME_RE, 'expected letters, digits and hyphens'),
  /** The production variant hosting it (default: the endpoint's first). */
  variant: z.string().optional(),
  ...ServingSchema,
});

const EndpointSchema = z
  .strictObject({
    variants: z.array(VariantSchema).min(1),
    inferenceComponents: z.array(ComponentSchema).optional(),
  })
  .superRefine((e, ctx) => {
    const names = new Set<string>();
    e.variants.forEach((v, i) => {
      if (names.has(v.name))
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], message: `duplicate ${v.name}` });
      names.add(v.name);
    });
    if (!e.variants.some((v) => v.weight > 0))
      ctx.addIssue({ code: 'custom', path: ['variants'], message: 'at least one variant needs weight > 0' });
    e.inferenceComponents?.forEach((c, i) => {
      if (c.variant !== undefined && !names.has(c.variant))
        ctx.addIssue({
          code: 'custom',
          path: ['inferenceComponents', i, 'variant'],
          message: `no variant ${c.variant}`,
        });
    });
  });

export const EndpointsFileSchema = z.strictObject({
  endpoints: z.record(z.string().regex(NAME_RE, 'expected letters, digits and hyphens'), EndpointSchema),
});

export type EndpointsFile = z.output<typeof EndpointsFileSchema>;
export type EndpointDefinition = z.output<typeof EndpointSchema>;
export type VariantDefinition = z.output<typeof VariantSchema>;
export type ComponentDefinition = z.output<typeof ComponentSchema>;
/** What serves one request: a variant, or an inference component on a variant. */
export type Serving = Pick<VariantDefinition, 'container' | 'model' | 'latency'>;

/** Validate parsed definitions; throws a one-line Error naming `source` and the first bad field. */
export function parseEndpoints(input: unknown, source = 'endpoints'): EndpointsFile {
  const r = EndpointsFileSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new Error(`${source}: ${path}: ${issue?.message ?? 'invalid'}`);
}

/** Read and validate an endpoints file (YAML or JSON); throws a one-line Error naming the file. */
export function loadEndpointsFile(file: string): EndpointsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file}: cannot read the endpoints file`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new Error(`${file}: ${String((err as Error).message).split('\n')[0]}`);
  }
  return parseEndpoints(doc, file);
}
