/**
 * The local embedding: a signed feature-hashing vector of words and word bigrams.
 *
 * 1. Tokens = `tokenize(text)`, each light-stemmed (`stemLight`: refunds → refund).
 * 2. Features: every token (unigram) and every bigram of adjacent non-stopword tokens (stopwords are skipped
 *    when forming bigrams, so "price of the plan" gives the bigram "price plan").
 * 3. Feature value = weight × (1 + ln tf) (sublinear term frequency), with weight 1 for content unigrams,
 *    COMMON_WORD_WEIGHT (0.1) for stopword unigrams and BIGRAM_WEIGHT (0.5) for bigrams. An embedding endpoint
 *    sees one text at a time, so corpus IDF is not available: the fixed down-weighting of the STOPWORDS list
 *    stands in for it.
 * 4. Each feature is hashed with 32-bit FNV-1a into bucket `h mod dims`; a second FNV-1a hash (different offset
 *    basis) gives the sign ±1, so colliding features cancel out in expectation instead of piling up.
 * 5. The vector is L2-normalised (the zero vector for a text without tokens).
 * Texts with the same features get cosine 1; texts with disjoint vocabulary get cosine ≈ 0 (exactly 0 unless
 * two features collide in a bucket).
 */
import { fnv1a } from './fnv.ts';
import { STOPWORDS, stemLight, tokenize } from './tokenize.ts';

export const COMMON_WORD_WEIGHT = 0.1;
export const BIGRAM_WEIGHT = 0.5;
const _SIGN_BASIS = 0x2545f491;

/** The weighted features of a text before hashing (exported for tests and documentation). */
export function embeddingFeatures(text: string): Map<string, number> {
  const tokens = tokenize(text).map(stemLight);
  const tf = new Map<string, number>();
  const weight = new Map<string, number>();
  const bump = (f: string, w: number): void => {
    tf.set(f, (tf.get(f) ?? 0) + 1);
    weight.set(f, w);
  };
  const content: string[] = [];
  for (const t of tokens) {
    const common = STOPWORDS.has(t);
    bump(t, common ? COMMON_WORD_WEIGHT : 1);
    if (!common) content.push(t);
  }
  for (let i = 0; i + 1 < content.length; i++) bump(`${content[i]} ${content[i + 1]}`, BIGRAM_WEIGHT);
  const out = new Map<string, number>();
  for (const [f, n] of tf) out.set(f, (weight.get(f) ?? 1) * (1 + Math.log(n)));
  return out;
}

/** The local embedding of a text: `dims` floats, L2 norm 1 (or all zeros for a text without tokens). */
export function hashedEmbedding(text: string, dims: number): Float32Array {
  if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`dims must be an integer >= 1, got ${dims}`);
  const acc = new Float64Array(dims);
  for (const [f, v] of embeddingFeatures(text)) {
    const bucket = fnv1a(f) % dims;
    const sign = fnv1a(f, _SIGN_BASIS) & 1 ? -1 : 1;
    acc[bucket] = (acc[bucket] ?? 0) + sign * v;
  }
  let norm = 0;
  for (const x of acc) norm += x * x;
  norm = Math.sqrt(norm);
  const out = new Float32Array(dims);
  if (norm > 0) for (let i = 0; i < dims; i++) out[i] = (acc[i] ?? 0) / norm;
  return out;
}

/** Cosine similarity; 0 when either vector is all zeros. Throws when the lengths differ. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`cosine: length ${a.length} != ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
