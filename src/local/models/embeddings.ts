/**
 * Local embedding models behind InvokeModel: Titan Text Embeddings V2 and Cohere Embed v3 request/response
 * formats, vectors from textkit's hashedEmbedding (see MODELS.md, "Embedding models"). Tokens = ceil(chars / 4).
 */
import { randomUUID } from 'node:crypto';
import { hashedEmbedding } from '../../textkit/index.ts';
import { RequestValidationError } from '../routes/bedrock-parse.ts';
import { countTokens } from './prompt.ts';

export interface EmbeddingModelInfo {
  id: string;
  displayName: string;
  format: 'titan-v2' | 'cohere-v3';
  /** USD per 1,000 input tokens. */
  inputPer1k: number;
  /** Simulated time: baseMs + perInputTokenMs × input tokens (before latencyScale). */
  latency: { baseMs: number; perInputTokenMs: number };
}

export const LOCAL_EMBEDDING_MODELS: readonly EmbeddingModelInfo[] = [
  {
    id: 'amazon.titan-embed-text-v2:0',
    displayName: 'Titan Text Embeddings V2 (local: hashed words + bigrams)',
    format: 'titan-v2',
    inputPer1k: 0.00002,
    latency: { baseMs: 20, perInputTokenMs: 0.02 },
  },
  {
    id: 'cohere.embed-english-v3',
    displayName: 'Cohere Embed English v3 (local: hashed words + bigrams)',
    format: 'cohere-v3',
    inputPer1k: 0.0001,
    latency: { baseMs: 30, perInputTokenMs: 0.02 },
  },
  {
    id: 'cohere.embed-multilingual-v3',
    displayName: 'Cohere Embed Multilingual v3 (local: hashed words + bigrams)',
    format: 'cohere-v3',
    inputPer1k: 0.0001,
    latency: { baseMs: 30, perInputTokenMs: 0.02 },
  },
];

const TITAN_MAX_CHARS = 50_000;
const COHERE_MAX_TEXTS = 96;
const COHERE_MAX_CHARS = 2048;
const COHERE_DIMS = 1024;
const COHERE_INPUT_TYPES = ['search_document', 'search_query', 'classification', 'clustering'];

export interface Embedding {
  /** The JSON response body. */
  body: Record<string, unknown>;
  inputTokens: number;
  /** Planned time before latencyScale, ms. */
  plannedMs: number;
}

export function getEmbeddingModel(modelId: string): EmbeddingModelInfo | undefined {
  const bare = modelId.replace(/^(us|eu|apac|global)\./, '');
  return LOCAL_EMBEDDING_MODELS.find((m) => m.id === bare);
}

function _fail(message: string): never {
  throw new RequestValidationError(message);
}

function _json(body: Buffer): Record<string, unknown> {
  let j: unknown;
  try {
    j = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    _fail('Malformed input request: request body is not valid JSON');
  }
  if (typeof j !== 'object' || j === null || Array.isArray(j))
    _fail('Malformed input request: expected a JSON object');
  return j as Record<string, unknown>;
}

function _vector(text: string, dims: number): number[] {
  return Array.from(hashedEmbedding(text, dims));
}

function _titan(j: Record<string, unknown>): { body: Record<string, unknown>; tokens: number } {
  const text = j.inputText;
  if (typeof text !== 'string' || text.length === 0) _fail('inputText must be a non-empty string');
  if (text.length > TITAN_MAX_CHARS) _fail(`inputText is longer than ${TITAN_MAX_CHARS} characters`);
  const dims = j.dimensions ?? 1024;
  if (dims !== 256 && dims !== 512 && dims !== 1024) _fail('dimensions must be one of 256, 512, 1024');
  if (j.normalize !== undefined && typeof j.normalize !== 'boolean') _fail('normalize must be a boolean');
  const types = j.embeddingTypes ?? ['float'];
  if (!Array.isArray(types) || types.length === 0 || !types.every((t) => t === 'float' || t === 'binary')) {
    _fail('embeddingTypes must be a non-empty list of "float" and/or "binary"');
  }
  const embedding = _vector(text, dims);
  const byType: Record<string, number[]> = {};
  if (types.includes('float')) byType.float = embedding;
  if (types.includes('binary')) byType.binary = embedding.map((x) => (x > 0 ? 1 : 0));
  const tokens = countTokens(text);
  return { body: { embedding, embeddingsByType: byType, inputTextTokenCount: tokens }, tokens };
}

function _truncate(text: string, mode: unknown, i: number): string {
  if (text.length <= COHERE_MAX_CHARS) return text;
  if (mode === 'END') return text.slice(0, COHERE_MAX_CHARS);
  if (mode === 'START') return text.slice(text.length - COHERE_MAX_CHARS);
  return _fail(`texts.${i} is longer than ${COHERE_MAX_CHARS} characters (set truncate to START or END)`);
}

function _cohere(j: Record<string, unknown>): { body: Record<string, unknown>; tokens: number } {
  if (j.images !== undefined) _fail('images are not supported by the evalgate local backend');
  const texts = j.texts;
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string'))
    _fail('texts must be a list of strings');
  if (texts.length > COHERE_MAX_TEXTS)
    _fail(`texts has ${texts.length} entries, at most ${COHERE_MAX_TEXTS} allowed`);
  if (typeof j.input_type !== 'string' || !COHERE_INPUT_TYPES.includes(j.input_type)) {
    _fail(`input_type must be one of ${COHERE_INPUT_TYPES.join(', ')}`);
  }
  const truncate = j.truncate ?? 'NONE';
  if (truncate !== 'NONE' && truncate !== 'START' && truncate !== 'END')
    _fail('truncate must be NONE, START or END');
  const types = j.embedding_types;
  if (
    types !== undefined &&
    !(Array.isArray(types) && types.length > 0 && types.every((t) => t === 'float'))
  ) {
    _fail('embedding_types: the evalgate local backend serves ["float"] only');
  }
  const used = (texts as string[]).map((t, i) => _truncate(t, truncate, i));
  const vectors = used.map((t) => _vector(t, COHERE_DIMS));
  const tokens = used.reduce((n, t) => n + countTokens(t), 0);
  const body =
    types === undefined
      ? { id: randomUUID(), response_type: 'embeddings_floats', embeddings: vectors, texts: used }
      : {
          id: randomUUID(),
          response_type: 'embeddings_by_type',
          embeddings: { float: vectors },
          texts: used,
        };
  return { body, tokens };
}

/** Answer one InvokeModel body for an embedding model; throws RequestValidationError for a bad body. */
export function embed(model: EmbeddingModelInfo, rawBody: Buffer): Embedding {
  const j = _json(rawBody);
  const { body, tokens } = model.format === 'titan-v2' ? _titan(j) : _cohere(j);
  return {
    body,
    inputTokens: tokens,
    plannedMs: model.latency.baseMs + model.latency.perInputTokenMs * tokens,
  };
}
