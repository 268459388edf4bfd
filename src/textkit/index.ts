/**
 * textkit: pure text algorithms for retrieval (no I/O, no imports from the harness or the local backend).
 * Tokenising, chunking, front matter, BM25, the local hashed embedding, cosine and reciprocal rank fusion.
 */
export { Bm25, type Bm25Options, byScoreThenId, type ScoredId } from './bm25.ts';
export {
  chunkFixed,
  chunkSentences,
  type FixedChunkOptions,
  packSpans,
  type SentenceChunkOptions,
} from './chunk.ts';
export { type CorpusFile, listCorpusFiles } from './corpus-files.ts';
export {
  BIGRAM_WEIGHT,
  COMMON_WORD_WEIGHT,
  cosine,
  embeddingFeatures,
  hashedEmbedding,
} from './embedding.ts';
export { FNV_OFFSET_BASIS, fnv1a, fnv1aUtf8 } from './fnv.ts';
export { type FrontMatter, stripFrontMatter } from './front-matter.ts';
export { chunkMarkdown, type MarkdownChunkOptions } from './markdown.ts';
export { reciprocalRankFusion } from './rrf.ts';
export { splitAtWords, splitSentences, type TextChunk, trimSpan } from './sentences.ts';
export { contentTokens, STOPWORDS, stemLight, tokenize } from './tokenize.ts';
