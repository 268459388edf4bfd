/**
 * The `rag:` block of a `rag-pipeline` target (zod v4, strict): corpus, chunking, embedding, retrieval, optional
 * rerank, generation. The suite schema (src/config/schema.ts) embeds it; the target re-checks it when built.
 */
import Handlebars from 'handlebars';
import { z } from 'zod';

/** Embedding model families evalgate can call through InvokeModel, and the dimensions each accepts. */
export type EmbeddingFamily = 'titan-v2' | 'cohere-v3';

export const EMBEDDING_DIMENSIONS: Record<EmbeddingFamily, readonly number[]> = {
  'titan-v2': [256, 512, 1024],
  'cohere-v3': [1024],
};

const _BARE = /^(?:arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:[a-z-]+\/)?(?:(?:us|eu|apac|global)\.)?(.+)$/;

/** `amazon.titan-embed-text-v2:0` → titan-v2; `cohere.embed-english-v3` / `-multilingual-v3` → cohere-v3. */
export function embeddingFamily(model: string): EmbeddingFamily | undefined {
  const bare = _BARE.exec(model)?.[1] ?? model;
  if (bare === 'amazon.titan-embed-text-v2:0') return 'titan-v2';
  if (/^cohere\.embed-(english|multilingual)-v3(:\d+)?$/.test(bare)) return 'cohere-v3';
  return undefined;
}

const ChunkingSchema = z
  .strictObject({
    strategy: z
      .enum(['fixed', 'sentence', 'markdown'])
      .describe('fixed windows, whole sentences packed, or heading-aware markdown sections.'),
    size: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .describe(
        'fixed: window length in `unit`s; sentence and markdown: maximum chunk length in characters.',
      ),
    overlap: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('fixed: units shared by consecutive windows; sentence: sentences repeated; markdown: 0.'),
    unit: z
      .enum(['chars', 'words'])
      .optional()
      .describe('fixed only: count `size` in characters (default) or words.'),
  })
  .superRefine((c, ctx) => {
    if (c.strategy === 'fixed' && c.overlap >= c.size) {
      ctx.addIssue({ code: 'custom', path: ['overlap'], message: `expected less than size (${c.size})` });
    }
    if (c.strategy === 'markdown' && c.overlap !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['overlap'],
        message: 'markdown chunking has no overlap (expected 0)',
      });
    }
    if (c.strategy !== 'fixed' && c.unit !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['unit'], message: 'unit applies only to strategy fixed' });
    }
  })
  .describe('How documents are cut into chunks.');

const EmbeddingSchema = z
  .strictObject({
    model: z
      .string()
      .min(1)
      .describe('amazon.titan-embed-text-v2:0 or cohere.embed-english-v3 / cohere.embed-multilingual-v3.'),
    dimensions: z
      .number()
      .int()
      .optional()
      .describe('Titan v2: 256, 512 or 1024 (default 1024); Cohere: 1024.'),
  })
  .describe('The embedding model (InvokeModel), for vector and hybrid retrieval.');

const RetrievalSchema = z
  .strictObject({
    mode: z
      .enum(['vector', 'bm25', 'hybrid'])
      .default('hybrid')
      .describe('vector (cosine), bm25 (keywords), or hybrid (reciprocal rank fusion of both, k = 60).'),
    topK: z.number().int().min(1).max(100).default(5).describe('Chunks returned (and given to the model).'),
    candidates: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe('Chunks each retriever returns before fusion / rerank (default max(topK, 20)).'),
  })
  .describe('How chunks are found.');

export const RagSchema = z
  .strictObject({
    corpus: z
      .string()
      .min(1)
      .describe('Folder of .md / .txt documents (front matter = metadata), relative to the suite.'),
    chunking: ChunkingSchema,
    embedding: EmbeddingSchema.optional(),
    retrieval: RetrievalSchema.prefault({}),
    rerank: z
      .strictObject({
        model: z.string().min(1).describe('Reranking model id or ARN, e.g. amazon.rerank-v1:0.'),
      })
      .optional()
      .describe('Rerank the candidates with the Bedrock Rerank API, then keep topK.'),
    generate: z
      .boolean()
      .default(true)
      .describe('false: a retrieval-only candidate (no model call, no `model`).'),
    prompt: z
      .string()
      .min(1)
      .optional()
      .describe('Generation prompt (handlebars): {{query}}, {{context}} (numbered passages), {{passages}}.'),
  })
  .superRefine((r, ctx) => {
    const needsVectors = r.retrieval.mode !== 'bm25';
    if (needsVectors && !r.embedding) {
      ctx.addIssue({
        code: 'custom',
        path: ['embedding'],
        message: `retrieval mode ${r.retrieval.mode} needs embedding`,
      });
    }
    if (r.embedding) {
      const family = embeddingFamily(r.embedding.model);
      const dims = r.embedding.dimensions;
      if (!family) {
        const message = `unknown embedding model family "${r.embedding.model}" (expected amazon.titan-embed-text-v2:0 or cohere.embed-english-v3 / cohere.embed-multilingual-v3)`;
        ctx.addIssue({ code: 'custom', path: ['embedding', 'model'], message });
      } else if (dims !== undefined && !EMBEDDING_DIMENSIONS[family].includes(dims)) {
        const message = `${r.embedding.model} does not support ${dims} dimensions (expected ${EMBEDDING_DIMENSIONS[family].join(', ')})`;
        ctx.addIssue({ code: 'custom', path: ['embedding', 'dimensions'], message });
      }
    }
    const c = r.retrieval.candidates;
    if (c !== undefined && c < r.retrieval.topK) {
      const message = `expected at least topK (${r.retrieval.topK}), got ${c}`;
      ctx.addIssue({ code: 'custom', path: ['retrieval', 'candidates'], message });
    }
    if (r.prompt !== undefined) {
      if (!r.generate) {
        ctx.addIssue({
          code: 'custom',
          path: ['prompt'],
          message: 'prompt is not used when generate is false',
        });
      } else {
        try {
          Handlebars.parse(r.prompt);
        } catch (err) {
          const message = `invalid handlebars: ${(err as Error).message.split('\n')[0]}`;
          ctx.addIssue({ code: 'custom', path: ['prompt'], message });
        }
        const uses = (v: string) => new RegExp(`{{[^}]*\\b${v}\\b`).test(r.prompt ?? '');
        if (!uses('query'))
          ctx.addIssue({ code: 'custom', path: ['prompt'], message: 'expected {{query}} in the prompt' });
        if (!uses('context') && !uses('passages')) {
          const message = 'expected {{context}} (or {{#each passages}}) in the prompt';
          ctx.addIssue({ code: 'custom', path: ['prompt'], message });
        }
      }
    }
  })
  .describe('A home-grown RAG pipeline (api rag-pipeline).');

export type RagSpec = z.output<typeof RagSchema>;
export type RagChunking = RagSpec['chunking'];

/** The embedding model as resolved for calls: family and dimensions filled in. */
export interface ResolvedEmbedding {
  model: string;
  family: EmbeddingFamily;
  dimensions: number;
}

/** Family and dimensions of `rag.embedding` (undefined when the pipeline needs no vectors). */
export function resolveEmbedding(rag: RagSpec): ResolvedEmbedding | undefined {
  if (!rag.embedding || rag.retrieval.mode === 'bm25') return undefined;
  const family = embeddingFamily(rag.embedding.model);
  if (!family) return undefined;
  return { model: rag.embedding.model, family, dimensions: rag.embedding.dimensions ?? 1024 };
}

/** Candidates each retriever returns: `retrieval.candidates`, else max(topK, 20). */
export function candidateCount(rag: RagSpec): number {
  return rag.retrieval.candidates ?? Math.max(rag.retrieval.topK, 20);
}
