/**
 * RetrieveAndGenerate on the local backend: wire shapes of retrieved chunks, the prompt handed to the local
 * text model, and sentence-level citations. See KNOWLEDGE-BASES.md.
 */
import { contentTokens, splitSentences, stemLight } from '../../textkit/index.ts';
import type { ModelInput } from '../models/prompt.ts';
import type { Hit } from './knowledge-base.ts';
import type { GenerationOptions } from './request.ts';

/** Used when the request has no promptTemplate: the passages only (instructions would be answer candidates). */
export const DEFAULT_PROMPT_TEMPLATE = '$search_results$';
/** A sentence is supported by a chunk that contains it, or that has at least this share of its terms. */
export const CITATION_MIN_TERM_SHARE = 0.6;

export interface WireReference {
  content: { text: string; type: 'TEXT' };
  location: { type: 'S3'; s3Location: { uri: string } };
  metadata: Record<string, unknown>;
}

export interface WireCitation {
  generatedResponsePart: { textResponsePart: { text: string; span: { start: number; end: number } } };
  retrievedReferences: WireReference[];
}

export function wireReference(hit: Hit): WireReference {
  return {
    content: { text: hit.chunk.text, type: 'TEXT' },
    location: { type: 'S3', s3Location: { uri: hit.chunk.uri } },
    metadata: hit.chunk.metadata,
  };
}

/** One `retrievalResults[]` entry of Retrieve. */
export function wireRetrievalResult(hit: Hit): WireReference & { score: number; documentId: string } {
  return { ...wireReference(hit), score: hit.score, documentId: hit.chunk.docId };
}

/**
 * The model input: the template with `$search_results$` = the chunk texts separated by blank lines,
 * `$output_format_instructions$` = '' and `$query$` removed, then a final line `Question: <input text>` (the local
 * models read the question from the last `Question:` line, see MODELS.md).
 */
export function buildRagInput(question: string, hits: Hit[], gen: GenerationOptions): ModelInput {
  const passages = hits.map((h) => h.chunk.text).join('\n\n');
  const context = (gen.promptTemplate ?? DEFAULT_PROMPT_TEMPLATE)
    .split('$search_results$')
    .join(passages)
    .split('$output_format_instructions$')
    .join('')
    .split('$query$')
    .join('')
    .trim();
  const input: ModelInput = {
    system: [],
    messages: [{ role: 'user', text: `${context}\n\nQuestion: ${question}` }],
  };
  if (gen.maxTokens !== undefined) input.maxTokens = gen.maxTokens;
  if (gen.temperature !== undefined) input.temperature = gen.temperature;
  if (gen.stopSequences) input.stopSequences = gen.stopSequences;
  return input;
}

function _norm(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

function _terms(s: string): Set<string> {
  return new Set(contentTokens(s).map(stemLight));
}

/** Does this chunk text support this sentence? (verbatim containment, or ≥ 60 % of its distinct terms) */
export function supports(sentence: string, chunkText: string): boolean {
  if (_norm(chunkText).includes(_norm(sentence))) return true;
  const s = _terms(sentence);
  if (s.size === 0) return false;
  const c = _terms(chunkText);
  let shared = 0;
  for (const t of s) if (c.has(t)) shared++;
  return shared / s.size >= CITATION_MIN_TERM_SHARE;
}

/**
 * One citation per answer sentence (textkit splitSentences), span = [start, end) offsets into the answer
 * (`answer.slice(start, end) === text`), citing every retrieved chunk that supports it, in retrieval order.
 * `abstained` (the model's "I don't know" answer) cites nothing.
 */
export function buildCitations(answer: string, hits: Hit[], abstained: boolean): WireCitation[] {
  return splitSentences(answer).map((s) => ({
    generatedResponsePart: { textResponsePart: { text: s.text, span: { start: s.start, end: s.end } } },
    retrievedReferences: abstained
      ? []
      : hits.filter((h) => supports(s.text, h.chunk.text)).map(wireReference),
  }));
}
