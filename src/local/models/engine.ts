/**
 * The shared extractive engine: score every context sentence against the question and return the best
 * sentence(s), verbatim. It never invents text. Each model is one `EngineConfig` (see MODELS.md).
 */
import { pickSampled } from './sampling.ts';
import { STOPWORDS, SYNONYM_GROUPS, splitSentences, stemLight, stemStrong, tokenize } from './text.ts';

export interface EngineConfig {
  /** Drop stopwords from question and sentences. */
  stopwords: boolean;
  stem: 'none' | 'light' | 'strong';
  /** `overlap`: number of distinct question terms in the sentence. `bm25`: Okapi BM25 over sentences. */
  scoring: 'overlap' | 'bm25';
  /** BM25 term-frequency saturation (lower = repeated words count less). */
  k1: number;
  /** Expand question terms with SYNONYM_GROUPS at this weight (0 = off). */
  synonymWeight: number;
  /** Bonus per question bigram that also occurs as a bigram in the sentence (0 = off). */
  bigramBonus: number;
  /** Append the next sentence when it continues the best one (starts with an anaphoric cue). */
  adjacent: boolean;
}

export const IDK_ANSWER = "I don't know based on the provided information.";

export interface Extraction {
  /** The answer text: one sentence, two joined by a space, or IDK_ANSWER. */
  text: string;
  /** Index of the chosen sentence, -1 for IDK. */
  sentenceIndex: number;
  score: number;
}

const B = 0.75;
/** A next sentence that starts like this continues the previous one. */
const CONTINUATION =
  /^(this|these|that|those|it|its|they|such|however|otherwise|also|in addition|after that|then|if so)\b/i;

function _stemmer(cfg: EngineConfig): (w: string) => string {
  if (cfg.stem === 'strong') return stemStrong;
  if (cfg.stem === 'light') return stemLight;
  return (w) => w;
}

/** Terms of a text under a config: tokenised, stopwords dropped if configured, stemmed. */
export function terms(text: string, cfg: EngineConfig): string[] {
  const stem = _stemmer(cfg);
  const toks = tokenize(text);
  return (cfg.stopwords ? toks.filter((t) => !STOPWORDS.has(t)) : toks).map(stem);
}

/** Weighted query: each question term at 1, synonyms of question terms at `synonymWeight`. */
function _queryWeights(qTerms: string[], cfg: EngineConfig): Map<string, number> {
  const weights = new Map<string, number>();
  for (const t of qTerms) weights.set(t, 1);
  if (cfg.synonymWeight > 0) {
    const stem = _stemmer(cfg);
    for (const group of SYNONYM_GROUPS) {
      const stems = group.map(stem);
      if (!stems.some((s) => weights.get(s) === 1)) continue;
      for (const s of stems) if (!weights.has(s)) weights.set(s, cfg.synonymWeight);
    }
  }
  return weights;
}

function _bigrams(ts: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < ts.length; i++) out.add(`${ts[i]} ${ts[i + 1]}`);
  return out;
}

/** Score all sentences; returns one score per sentence. */
export function scoreSentences(sentences: string[], question: string, cfg: EngineConfig): number[] {
  const qTerms = terms(question, cfg);
  const docs = sentences.map((s) => terms(s, cfg));
  if (cfg.scoring === 'overlap') {
    const q = new Set(qTerms);
    return docs.map((d) => new Set(d.filter((t) => q.has(t))).size);
  }
  const weights = _queryWeights(qTerms, cfg);
  const n = docs.length;
  const avgLen = docs.reduce((a, d) => a + d.length, 0) / Math.max(1, n);
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const qBigrams = _bigrams(qTerms);
  return docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    let score = 0;
    for (const [t, w] of weights) {
      const f = tf.get(t);
      if (!f) continue;
      const dft = df.get(t) ?? 0;
      const idf = Math.log(1 + (n - dft + 0.5) / (dft + 0.5));
      score += (w * idf * (f * (cfg.k1 + 1))) / (f + cfg.k1 * (1 - B + (B * d.length) / Math.max(1, avgLen)));
    }
    if (cfg.bigramBonus > 0 && score > 0) {
      for (const bg of _bigrams(d)) if (qBigrams.has(bg)) score += cfg.bigramBonus;
    }
    return score;
  });
}

/** Recently scored prompts per config (bounded, oldest evicted): repeats of a case skip tokenising and BM25. */
const _CACHE_SIZE = 512;
const _cache = new WeakMap<EngineConfig, Map<string, { sentences: string[]; scores: number[] }>>();

function _scored(context: string, question: string, cfg: EngineConfig) {
  let byPrompt = _cache.get(cfg);
  if (!byPrompt) {
    byPrompt = new Map();
    _cache.set(cfg, byPrompt);
  }
  const key = `${question}\u0000${context}`;
  const hit = byPrompt.get(key);
  if (hit) return hit;
  const sentences = splitSentences(context);
  const entry = { sentences, scores: scoreSentences(sentences, question, cfg) };
  if (byPrompt.size >= _CACHE_SIZE) byPrompt.delete(byPrompt.keys().next().value as string);
  byPrompt.set(key, entry);
  return entry;
}

/** A sampled pick: temperature > 0 and the request's uniform draw u in [0, 1) (see sampling.ts). */
export interface SampleDraw {
  temperature: number;
  u: number;
}

/**
 * Pick the best sentence (first on ties); IDK when nothing overlaps the question. With `sample` (temperature > 0)
 * the sentence is drawn from the softmax over the best candidates instead (sampling.ts).
 */
export function extract(
  context: string,
  question: string,
  cfg: EngineConfig,
  sample?: SampleDraw,
): Extraction {
  const { sentences, scores } = _scored(context, question, cfg);
  let best = -1;
  let bestScore = 0;
  if (sample && sample.temperature > 0) {
    best = pickSampled(scores, sample.temperature, sample.u);
    bestScore = scores[best] ?? 0;
  } else {
    scores.forEach((s, i) => {
      if (s > bestScore) {
        best = i;
        bestScore = s;
      }
    });
  }
  const chosen = sentences[best];
  if (chosen === undefined) return { text: IDK_ANSWER, sentenceIndex: -1, score: 0 };
  const next = sentences[best + 1];
  const text = cfg.adjacent && next !== undefined && CONTINUATION.test(next) ? `${chosen} ${next}` : chosen;
  return { text, sentenceIndex: best, score: bestScore };
}
