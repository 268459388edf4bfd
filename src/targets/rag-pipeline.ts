/**
 * `api: rag-pipeline`: a home-grown RAG pipeline as a candidate. The rendered prompt is the query; the pipeline
 * chunks and embeds its corpus once per configuration (cached in a DuckDB file, see rag/build.ts), retrieves
 * (vector, BM25 or hybrid), optionally reranks, keeps the top K and, unless `rag.generate` is false, answers with
 * Converse over the numbered passages. Latency is measured from the moment the index is ready (the one-time
 * build is reported in `raw.indexWaitMs`).
 *
 * `configKey` is a fingerprint (a hash of the rag config, model and corpus contents): the response cache keeps
 * configurations apart by it, so two configurations never share cached answers.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { EvalgateError } from '../core/errors.ts';
import type { RetrievedChunk, Target, TargetResponse } from '../core/types.ts';
import { ensureIndex, type IndexConfig } from './rag/build.ts';
import { CorpusError, readCorpus } from './rag/corpus.ts';
import { compileRagPrompt, generateAnswer } from './rag/generate.ts';
import { type Hit, type RetrieveDeps, retrieve } from './rag/retrieve.ts';
import { RagSchema, type RagSpec, resolveEmbedding } from './rag/schema.ts';
import type { TargetDefinition, TargetSpec } from './types.ts';

function _fail(spec: TargetSpec, message: string): never {
  throw new EvalgateError('TARGET', `target "${spec.id}": ${message}`);
}

function _rag(spec: TargetSpec): RagSpec {
  if (!spec.rag) _fail(spec, 'api rag-pipeline needs rag');
  const parsed = RagSchema.safeParse(spec.rag);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['rag', ...(issue?.path ?? [])].join('.');
    _fail(spec, `${path}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** `p`, or a rejection with the signal's reason as soon as `signal` aborts (`p` itself is not cancelled). */
function _orAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function _chunk(h: Hit): RetrievedChunk {
  const c = h.chunk;
  return {
    docId: c.docId,
    text: c.text,
    score: h.score,
    span: { start: c.start, end: c.end },
    location: c.location,
    metadata: c.metadata,
  };
}

export const ragPipelineTarget: TargetDefinition = {
  apis: ['rag-pipeline'],
  description:
    'A home-grown RAG pipeline: chunking, embeddings (InvokeModel), vector/BM25/hybrid, rerank, Converse',
  create(spec, clients): Target {
    const rag = _rag(spec);
    const corpusDir = resolve(spec.baseDir ?? '.', rag.corpus);
    let docs: ReturnType<typeof readCorpus>;
    try {
      docs = readCorpus(corpusDir);
    } catch (err) {
      if (err instanceof CorpusError) _fail(spec, `rag.corpus: ${err.message}`);
      throw err;
    }
    let template: ReturnType<typeof compileRagPrompt>;
    try {
      template = compileRagPrompt(rag.prompt);
      if (rag.prompt !== undefined) template({ query: '', context: '', passages: [] });
    } catch (err) {
      _fail(spec, `rag.prompt: ${(err as Error).message.split('\n')[0]}`);
    }
    const cfg: IndexConfig = {
      corpusDir,
      docs,
      chunking: rag.chunking,
      embedding: resolveEmbedding(rag),
      ...(spec.region ? { region: spec.region } : {}),
    };
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify({
          rag: { ...rag, corpus: null },
          model: spec.model,
          files: docs.map((d) => d.sha256),
        }),
      )
      .digest('hex')
      .slice(0, 12);
    const runtime = clients.bedrockRuntime(spec.region);
    const agent = clients.bedrockAgentRuntime(spec.region);
    const backend = clients.backend;
    const deps: RetrieveDeps = {
      runtime,
      agent,
      region: async () =>
        spec.region ?? (backend.kind === 'local' ? backend.region : await agent.config.region()),
    };
    return {
      id: spec.id,
      kind: 'rag-pipeline',
      configKey: fingerprint,
      modelId: spec.model,
      async invoke(request, signal): Promise<TargetResponse> {
        const waitStart = performance.now();
        const index = await _orAbort(ensureIndex(clients, cfg), signal); // the build goes on for the others
        const started = performance.now();
        const r = await retrieve(index, rag, request.prompt, deps, signal);
        const retrieved = r.hits.map(_chunk);
        const raw = {
          index: { key: index.key.slice(0, 16), chunks: index.chunks.length, built: index.built },
          indexWaitMs: Math.round(started - waitStart),
          retrieval: { mode: rag.retrieval.mode, ...r.counts },
          embeddingTokens: r.embeddingTokens,
        };
        if (!rag.generate) return { retrieved, timing: { latencyMs: performance.now() - started }, raw };
        const g = await generateAnswer(
          runtime,
          spec.model,
          template,
          rag.prompt !== undefined,
          request,
          r.hits,
          signal,
        );
        return {
          text: g.text,
          retrieved,
          usage: g.usage,
          stopReason: g.stopReason,
          timing: { latencyMs: performance.now() - started, serviceLatencyMs: g.serviceLatencyMs },
          raw: { ...raw, stopReason: g.stopReason, usage: g.usage },
        };
      },
    };
  },
};
