/**
 * Denied topics. Per sentence of the text (textkit `splitSentences`):
 *
 *   cues(s)  = Σ weights of the distinct topic cues matched by the sentence's content words (topic-cues.ts);
 *              a word matches a cue when their light stems are equal, or both have ≥ 5 letters and one is a
 *              prefix of the other (invest ~ investment, crypto ~ cryptocurrency)
 *   sim(s)   = max cosine of the local hashed embedding (textkit, 512 dims) of the sentence and of the
 *              topic's definition and each example
 *   score(s) = cues(s) + sim(s)
 *
 * The topic is detected when some sentence scores ≥ TOPIC_THRESHOLD (2): one anchor word, a near paraphrase of
 * an example with one cue, or two ordinary cues with some wording in common.
 */
import {
  cosine,
  hashedEmbedding,
  STOPWORDS,
  splitSentences,
  stemLight,
  tokenize,
} from '../../textkit/index.ts';
import { actionFor, enabledFor, type Source, type TopicConfig } from './definition.ts';
import { DOMAINS, GENERIC } from './topic-cues.ts';

export const TOPIC_THRESHOLD = 2;
const _DIMS = 512;
const _OWN_WEIGHT = 0.5;

export interface TopicResult {
  name: string;
  type: 'DENY';
  action: 'BLOCKED' | 'NONE';
  detected: boolean;
}

interface _Compiled {
  cues: Map<string, number>;
  vectors: Float32Array[];
}

function _cueMatch(a: string, b: string): boolean {
  if (a === b) return true;
  return Math.min(a.length, b.length) >= 5 && (a.startsWith(b) || b.startsWith(a));
}

/** Content stems of a text, skipping proper nouns (a capitalised word that does not start a sentence). */
function _ownStems(text: string): string[] {
  const out: string[] = [];
  for (const s of splitSentences(text)) {
    let first = true;
    for (const m of s.text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu)) {
      const word = m[0];
      const proper = !first && /^\p{Lu}/u.test(word);
      first = false;
      const t = tokenize(word)[0];
      if (!t || proper || STOPWORDS.has(t) || GENERIC.has(t)) continue;
      out.push(stemLight(t));
    }
  }
  return out;
}

const _cache = new Map<string, _Compiled>();

function _compile(topic: TopicConfig): _Compiled {
  const key = JSON.stringify([topic.name, topic.definition, topic.examples ?? []]);
  const hit = _cache.get(key);
  if (hit) return hit;
  const own = _ownStems(
    [topic.name.replace(/[-_]+/g, ' '), topic.definition, ...(topic.examples ?? [])].join('. '),
  );
  const cues = new Map<string, number>(own.map((s) => [s, _OWN_WEIGHT]));
  for (const domain of Object.values(DOMAINS)) {
    const words = Object.keys(domain);
    if (!own.some((s) => words.some((w) => _cueMatch(s, stemLight(w))))) continue;
    for (const [w, weight] of Object.entries(domain)) {
      const stem = stemLight(w);
      cues.set(stem, Math.max(cues.get(stem) ?? 0, weight));
    }
  }
  const vectors = [topic.definition, ...(topic.examples ?? [])].map((t) => hashedEmbedding(t, _DIMS));
  const compiled = { cues, vectors };
  _cache.set(key, compiled);
  return compiled;
}

/** cues(s) of one sentence (see the module comment). */
function _cueScore(cues: Map<string, number>, sentence: string): number {
  const matched = new Map<string, number>();
  for (const t of tokenize(sentence)) {
    if (STOPWORDS.has(t) || GENERIC.has(t)) continue;
    const stem = stemLight(t);
    let best: [string, number] | undefined;
    for (const [cue, w] of cues) if (_cueMatch(stem, cue) && (!best || w > best[1])) best = [cue, w];
    if (best) matched.set(best[0], best[1]);
  }
  let sum = 0;
  for (const w of matched.values()) sum += w;
  return sum;
}

/** The best sentence score of a text for a topic (exported for tests and the labelled-set analysis). */
export function topicScore(topic: TopicConfig, text: string): number {
  const c = _compile(topic);
  const sentences = splitSentences(text).map((s) => s.text);
  let best = 0;
  for (const s of sentences.length ? sentences : [text]) {
    const v = hashedEmbedding(s, _DIMS);
    const sim = Math.max(0, ...c.vectors.map((x) => cosine(v, x)));
    best = Math.max(best, _cueScore(c.cues, s) + sim);
  }
  return best;
}

/** Each enabled denied topic detected in the text. */
export function evaluateTopics(topics: readonly TopicConfig[], source: Source, text: string): TopicResult[] {
  const out: TopicResult[] = [];
  for (const t of topics) {
    if (!enabledFor(t, source) || topicScore(t, text) < TOPIC_THRESHOLD) continue;
    const blocking = actionFor(t, source, 'BLOCK') === 'BLOCK';
    out.push({ name: t.name, type: 'DENY', action: blocking ? 'BLOCKED' : 'NONE', detected: true });
  }
  return out;
}
