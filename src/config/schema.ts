/**
 * The suite file's shape (zod v4, strict objects: unknown keys are errors). The `scorers:` items are open for
 * extension: each type's options schema lives in src/scorers and is applied by `scorer-items.ts`, so this file
 * only fixes that every item is a mapping.
 */
import { z } from 'zod';
import { BatchSchema } from '../batch/schema.ts';
import { PriceOverrideSchema } from '../cost/schema.ts';
import { GUARDRAIL_APIS, GuardrailSchema, guardrailModelId } from '../targets/guardrail/schema.ts';
import { RagSchema } from '../targets/rag/schema.ts';
import { TARGET_APIS as REGISTERED_APIS } from '../targets/registry.ts';
import { RouterSchema, routerIssues, routerModelId } from '../targets/router/schema.ts';
import { EndpointSchema, endpointModelName } from '../targets/sagemaker/spec.ts';
import { GateSchema } from './gate-schema.ts';
import { InferenceSchema } from './inference-schema.ts';

export { InferenceSchema } from './inference-schema.ts';

import { type ManagedPromptSchema, promptListSchema, promptVersionSchema } from './prompt-schema.ts';
import { SelectSchema } from './select-schema.ts';

export {
  type CanaryRule,
  CanaryRuleSchema,
  CanarySchema,
  GATE_STATS,
  type GateRule,
  GateRuleSchema,
  GateSchema,
} from './gate-schema.ts';

const NAME_RE = /^[a-z0-9_-]+$/;
const TARGET_ID_RE = /^[A-Za-z0-9._@-]+$/;

/** The target registry is the source of truth for `api:` values (one file + registration per target). */
export const TARGET_APIS = REGISTERED_APIS as unknown as readonly [string, ...string[]];

export const DatasetRefSchema = z
  .strictObject({
    path: z
      .string()
      .regex(/\.(csv|jsonl)$/, 'expected a path ending in .csv or .jsonl')
      .describe('Dataset file, relative to the suite file (.csv with a header row, or .jsonl).'),
    onBadRow: z
      .enum(['skip', 'fail'])
      .default('skip')
      .describe('skip: report bad rows and run the others; fail: stop before running.'),
    limit: z.number().int().min(1).optional().describe('Use only the first N valid rows.'),
  })
  .describe('One dataset of cases.');

export const PromptSchema = z
  .strictObject({
    version: z.string().min(1).describe('Prompt version, recorded with every result (e.g. 1.0.0).'),
    include: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name (letters, digits, _)'),
        z.string().min(1),
      )
      .optional()
      .describe('Template variables read from files (relative to the suite file): name → path.'),
    system: z.string().optional().describe('System prompt (handlebars).'),
    template: z.string().min(1).optional().describe('User prompt (handlebars). Give this or `file`.'),
    file: z
      .string()
      .min(1)
      .optional()
      .describe('User prompt template file (handlebars), instead of `template`.'),
  })
  .superRefine((p, ctx) => {
    if (p.template !== undefined && p.file !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['file'], message: 'give either template or file, not both' });
    } else if (p.template === undefined && p.file === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['template'],
        message: 'missing required field template (or file)',
      });
    }
  })
  .describe('The prompt sent to every target.');

export const RetrySchema = z
  .strictObject({
    maxAttempts: z.number().int().min(1).max(100).default(6).describe('Attempts in all, the first included.'),
    baseDelayMs: z.number().min(0).default(100).describe('Backoff base: retry n waits random(0, base·2^n).'),
    maxDelayMs: z.number().min(0).default(20_000).describe('Cap of the backoff window.'),
  })
  .describe('Retries of throttles, 5xx, timeouts, stream cuts and network errors (full-jitter backoff).');

export const RateLimitSchema = z
  .strictObject({
    requestsPerMinute: z.number().positive().optional().describe('Client-side request rate limit.'),
    tokensPerMinute: z
      .number()
      .positive()
      .optional()
      .describe('Client-side token rate limit (estimated chars/4 + maxTokens, corrected with usage).'),
  })
  .describe('Client-side rate limits; calls wait for them, they never fail.');

export const KnowledgeBaseSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[0-9a-zA-Z]{1,10}$/, 'expected a knowledge base id (up to 10 letters or digits)')
      .describe('Bedrock knowledge base id.'),
    numberOfResults: z.number().int().min(1).max(100).default(5).describe('Chunks to retrieve.'),
    searchType: z
      .enum(['semantic', 'hybrid'])
      .optional()
      .describe('overrideSearchType: semantic (vectors) or hybrid (vectors + keywords).'),
    filter: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Metadata filter, as the RetrievalFilter of the Retrieve API (e.g. {equals: {key, value}}).'),
    rerank: z
      .strictObject({
        model: z.string().min(1).describe('Reranking model id or ARN, e.g. amazon.rerank-v1:0.'),
        numberOfResults: z.number().int().min(1).max(100).optional(),
      })
      .optional()
      .describe('Rerank the retrieved chunks with a Bedrock reranking model.'),
    promptTemplate: z
      .string()
      .includes('$search_results$', { message: 'expected the $search_results$ placeholder' })
      .optional()
      .describe('RetrieveAndGenerate generation prompt ($search_results$, optionally $query$).'),
    docId: z
      .strictObject({
        metadataKey: z.string().min(1).optional().describe('Take the document id from this metadata field.'),
        uriPrefix: z
          .string()
          .optional()
          .describe('Else strip this prefix from the source uri (default: scheme and bucket).'),
      })
      .optional()
      .describe('How a retrieved chunk names its document (what relevance labels use).'),
    localCorpus: z
      .string()
      .min(1)
      .optional()
      .describe('Local backend only: the folder (relative to the suite) its knowledge base is built from.'),
  })
  .describe('A Bedrock knowledge base (api kb-retrieve or kb-retrieve-and-generate).');

/** Most combinations one sweep may expand into. */
export const MAX_SWEEP_COMBINATIONS = 64;

const SweepValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type SweepValue = z.output<typeof SweepValueSchema>;

export const SweepSchema = z
  .record(
    z
      .string()
      .regex(
        /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/,
        'expected a dotted path such as rag.chunking.size',
      ),
    z.array(SweepValueSchema).min(1),
  )
  .refine((r) => Object.keys(r).length > 0, 'expected at least one path')
  .describe(
    `Expand this target into one candidate per combination (cartesian product, at most ${MAX_SWEEP_COMBINATIONS}) of the listed values: dotted path → values, e.g. rag.chunking.size: [200, 400].`,
  );

const KB_APIS = new Set(['kb-retrieve', 'kb-retrieve-and-generate']);

function _retrieverName(t: {
  knowledgeBase?: { id: string };
  rag?: { embedding?: { model: string } };
}): string {
  if (t.rag) return t.rag.embedding?.model ?? 'rag-pipeline/bm25';
  return `knowledge-base/${t.knowledgeBase?.id ?? ''}`;
}

/** Which `guardrail:` fields apply to which api (see src/targets/guardrail/schema.ts). */
function _guardrailIssues(
  t: { api: string; model?: string; guardrail?: z.output<typeof GuardrailSchema> },
  ctx: z.RefinementCtx,
): void {
  const g = t.guardrail;
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  if (t.api === 'guardrail') {
    if (!g) issue(['guardrail'], 'api guardrail needs guardrail (id and version)');
    if (t.model !== undefined)
      issue(['model'], 'model is not used by api guardrail (the guardrail is the candidate)');
    if (g?.trace !== undefined) issue(['guardrail', 'trace'], 'trace applies only to converse targets');
    return;
  }
  if (!g) return;
  if (!GUARDRAIL_APIS.has(t.api)) {
    issue(['guardrail'], 'guardrail applies only to api guardrail, converse or converse-stream');
    return;
  }
  for (const field of ['source', 'groundingSource', 'query'] as const) {
    if (g[field] !== undefined) issue(['guardrail', field], `${field} applies only to api guardrail`);
  }
}

const SAGEMAKER_APIS = new Set(['sagemaker', 'sagemaker-stream']);

/** `endpoint:` goes with api sagemaker / sagemaker-stream, and names the candidate (no `model:`). */
function _endpointIssues(t: { api: string; model?: string; endpoint?: unknown }, ctx: z.RefinementCtx): void {
  const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (!SAGEMAKER_APIS.has(t.api)) {
    if (t.endpoint !== undefined)
      issue(['endpoint'], 'endpoint applies only to api sagemaker or sagemaker-stream');
    return;
  }
  if (t.endpoint === undefined) issue(['endpoint'], `api ${t.api} needs endpoint (name and format)`);
  if (t.model !== undefined)
    issue(['model'], `model is not used by api ${t.api} (the endpoint is the candidate)`);
}

export const TargetSchema = z
  .strictObject({
    id: z
      .string()
      .regex(TARGET_ID_RE, 'expected letters, digits, ".", "_", "@" or "-"')
      .describe('Unique id of this candidate within the suite.'),
    model: z
      .string()
      .min(1)
      .optional()
      .describe('Bedrock model id, inference profile id or ARN (not needed for kb-retrieve).'),
    api: z.enum(TARGET_APIS).default('converse').describe('Which Bedrock runtime API to call.'),
    knowledgeBase: KnowledgeBaseSchema.optional(),
    rag: RagSchema.optional(),
    guardrail: GuardrailSchema.optional(),
    endpoint: EndpointSchema.optional(),
    router: RouterSchema.optional(),
    sweep: SweepSchema.optional(),
    inference: InferenceSchema.optional(),
    system: z.string().optional().describe('Overrides prompt.system for this target (handlebars).'),
    prompt: z
      .string()
      .min(1)
      .optional()
      .describe('Pin this target to one version of `prompts:` (it is then not crossed with the others).'),
    concurrency: z.number().int().min(1).max(256).default(4),
    timeoutMs: z.number().int().min(1).default(60_000).describe('Per attempt, milliseconds.'),
    region: z.string().min(1).optional(),
    retry: RetrySchema.optional(),
    rateLimit: RateLimitSchema.optional(),
  })
  .superRefine((t, ctx) => {
    const kb = KB_APIS.has(t.api);
    if (kb && !t.knowledgeBase) {
      ctx.addIssue({ code: 'custom', path: ['knowledgeBase'], message: `api ${t.api} needs knowledgeBase` });
    }
    if (!kb && t.knowledgeBase) {
      ctx.addIssue({
        code: 'custom',
        path: ['knowledgeBase'],
        message: 'knowledgeBase applies only to api kb-retrieve or kb-retrieve-and-generate',
      });
    }
    const rag = t.api === 'rag-pipeline';
    if (rag !== (t.rag !== undefined)) {
      const message = rag ? 'api rag-pipeline needs rag' : 'rag applies only to api rag-pipeline';
      ctx.addIssue({ code: 'custom', path: ['rag'], message });
    }
    _guardrailIssues(t, ctx);
    _endpointIssues(t, ctx);
    routerIssues(t, ctx);
    const retrievalOnly = t.api === 'kb-retrieve' || (rag && t.rag?.generate === false);
    const modelless = t.api === 'guardrail' || t.api === 'router' || SAGEMAKER_APIS.has(t.api);
    if (t.model === undefined && !retrievalOnly && !modelless) {
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message: 'missing required field (expected a string)',
      });
    }
    if (t.model !== undefined && rag && t.rag?.generate === false) {
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message: 'model is not used when rag.generate is false',
      });
    }
  })
  // A retrieve-only candidate is named by its knowledge base / embedding model where other code wants a model id,
  // a guardrail candidate by `guardrail/<id>:<version>`.
  .transform((t) => ({
    ...t,
    model:
      t.model ??
      (t.endpoint && SAGEMAKER_APIS.has(t.api) ? endpointModelName(t.endpoint) : undefined) ??
      (t.api === 'router' ? routerModelId(t.id) : undefined) ??
      (t.api === 'guardrail' && t.guardrail ? guardrailModelId(t.guardrail) : _retrieverName(t)),
  }))
  .describe('One candidate: a model, a knowledge base, a RAG pipeline, or a guardrail.');

/** A suite's price for one model id (src/cost/schema.ts): input/output, cache and batch figures, regions. */
export const PriceSchema = PriceOverrideSchema;

/** Every top-level field; `scorers` is passed in (open set built from the scorer registry). */
export function suiteShape<S extends z.ZodType>(scorerItem: S) {
  return {
    name: z
      .string()
      .regex(NAME_RE, 'expected lowercase letters, digits, "-" or "_"')
      .describe('Suite name, e.g. customer-support.'),
    description: z.string().optional(),
    datasets: z.array(DatasetRefSchema).min(1),
    prompt: PromptSchema.optional().describe('The prompt sent to every target. Give this or `prompts`.'),
    prompts: promptListSchema(promptVersionSchema(PromptSchema.shape)).optional(),
    targets: z.array(TargetSchema).min(1),
    scorers: z.array(scorerItem).min(1),
    repeats: z.number().int().min(1).max(100).default(1),
    prices: z
      .record(z.string().min(1), PriceSchema)
      .optional()
      .describe(
        'Prices by model id (USD per 1k tokens), over the built-in price table src/cost/prices.yaml.',
      ),
    gate: GateSchema.optional(),
    select: SelectSchema.optional(),
    batch: BatchSchema.optional(),
  };
}

/** Validation form: scorer items are any mapping here, checked against the registry separately. */
export const BaseSuiteSchema = z.strictObject(suiteShape(z.looseObject({})));

/** Options of one scorer after validation by its definition (each type adds its own fields). */
export type ScorerOptions = { type: string; name?: string; threshold?: number } & Record<string, unknown>;

/**
 * A validated target. Targets expanded from a `sweep:` (src/config/sweep.ts) carry the id of the target they came
 * from and the value of every swept path, so the report can rank them.
 */
export type SuiteTarget = z.output<typeof TargetSchema> & {
  sweepOf?: string;
  params?: Record<string, SweepValue>;
  /** The prompt version this target renders (src/config/prompt-matrix.ts sets it when the suite has `prompts:`). */
  promptVersion?: string;
  /** Crossed with a Bedrock Prompt Management version: Converse is called with its ARN and promptVariables. */
  managedPrompt?: { arn: string; localFile?: string };
};
export type PromptSpec = z.output<typeof PromptSchema>;
/** One item of `prompts:` (a template version, or a managed one with `bedrock`). */
export type PromptVersionSpec = PromptSpec & { bedrock?: z.output<typeof ManagedPromptSchema> };
/** After loading, `prompt` is the first version of `prompts:` (when the suite has `prompts:`). */
export type Suite = Omit<z.output<typeof BaseSuiteSchema>, 'scorers' | 'targets' | 'prompt' | 'prompts'> & {
  scorers: ScorerOptions[];
  targets: SuiteTarget[];
  prompt: PromptSpec;
  prompts?: PromptVersionSpec[];
};
export type SuiteDataset = Suite['datasets'][number];
