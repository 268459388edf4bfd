/**
 * Embeddings through InvokeModel (the real SDK): Titan Text Embeddings v2 takes one text per call
 * (`{inputText, dimensions, normalize}`), Cohere Embed v3 up to 96 (`{texts, input_type, truncate}`; documents are
 * embedded as `search_document`, queries as `search_query`; texts over Cohere's 2,048-character limit are cut at
 * the end). Errors are never swallowed: a throttle propagates to the caller.
 */
import { type BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import type { ResolvedEmbedding } from './schema.ts';

export const COHERE_BATCH = 96;

export interface Embedded {
  vectors: Float32Array[];
  /** Input tokens the service reported (Titan's `inputTextTokenCount`); undefined when it reports none. */
  tokens: number | undefined;
}

type _Purpose = 'document' | 'query';

function _parse(body: Uint8Array): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown>;
}

function _vector(raw: unknown, e: ResolvedEmbedding): Float32Array {
  if (!Array.isArray(raw) || raw.length !== e.dimensions || !raw.every((x) => typeof x === 'number')) {
    const got = Array.isArray(raw) ? `${raw.length} values` : typeof raw;
    throw new Error(`${e.model} returned an embedding of ${got}, expected ${e.dimensions} numbers`);
  }
  return Float32Array.from(raw as number[]);
}

async function _invoke(
  client: BedrockRuntimeClient,
  e: ResolvedEmbedding,
  payload: Record<string, unknown>,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown>> {
  const out = await client.send(
    new InvokeModelCommand({
      modelId: e.model,
      contentType: 'application/json',
      accept: 'application/json',
      body: JSON.stringify(payload),
    }),
    signal ? { abortSignal: signal } : {},
  );
  return _parse(out.body);
}

async function _titan(
  client: BedrockRuntimeClient,
  e: ResolvedEmbedding,
  text: string,
  signal?: AbortSignal,
) {
  const j = await _invoke(client, e, { inputText: text, dimensions: e.dimensions, normalize: true }, signal);
  const tokens = typeof j.inputTextTokenCount === 'number' ? j.inputTextTokenCount : undefined;
  return { vector: _vector(j.embedding, e), tokens };
}

async function _cohere(
  client: BedrockRuntimeClient,
  e: ResolvedEmbedding,
  texts: string[],
  purpose: _Purpose,
  signal?: AbortSignal,
): Promise<Float32Array[]> {
  const inputType = purpose === 'document' ? 'search_document' : 'search_query';
  const j = await _invoke(client, e, { texts, input_type: inputType, truncate: 'END' }, signal);
  const raw = j.embeddings;
  const list = Array.isArray(raw) ? raw : (raw as { float?: unknown } | undefined)?.float;
  if (!Array.isArray(list) || list.length !== texts.length) {
    throw new Error(
      `${e.model} returned ${Array.isArray(list) ? list.length : 'no'} embeddings for ${texts.length} texts`,
    );
  }
  return list.map((v) => _vector(v, e));
}

/** Run `fn` over `items` with at most `limit` calls in flight; results in input order; the first error wins. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** Embed documents (index build): `concurrency` calls in flight, Cohere in batches of 96. */
export async function embedDocuments(
  client: BedrockRuntimeClient,
  e: ResolvedEmbedding,
  texts: readonly string[],
  concurrency: number,
): Promise<Embedded> {
  if (e.family === 'titan-v2') {
    const results = await mapLimit(texts, concurrency, (t) => _titan(client, e, t));
    const known = results.every((r) => r.tokens !== undefined);
    const tokens = known ? results.reduce((n, r) => n + (r.tokens ?? 0), 0) : undefined;
    return { vectors: results.map((r) => r.vector), tokens };
  }
  const batches: string[][] = [];
  for (let i = 0; i < texts.length; i += COHERE_BATCH) batches.push(texts.slice(i, i + COHERE_BATCH));
  const results = await mapLimit(batches, concurrency, (b) => _cohere(client, e, b, 'document'));
  return { vectors: results.flat(), tokens: undefined };
}

/** Embed one query (per case); the caller's signal aborts it. */
export async function embedQuery(
  client: BedrockRuntimeClient,
  e: ResolvedEmbedding,
  text: string,
  signal: AbortSignal,
): Promise<{ vector: Float32Array; tokens: number | undefined }> {
  if (e.family === 'titan-v2') return _titan(client, e, text, signal);
  const [vector] = await _cohere(client, e, [text], 'query', signal);
  return { vector: vector as Float32Array, tokens: undefined };
}
