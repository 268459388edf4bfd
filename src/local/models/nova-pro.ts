/**
 * amazon.nova-pro-v1:0 — strong, slow, expensive: BM25 with stronger stemming, synonym expansion and a
 * bigram bonus; appends the next sentence when it continues the answer; follows a JSON instruction.
 */
import type { LocalModel } from './model.ts';

export const novaPro: LocalModel = {
  info: {
    id: 'amazon.nova-pro-v1:0',
    displayName: 'Nova Pro (local: BM25 + synonyms)',
    summary: 'BM25 + strong stemming + synonym expansion + bigram bonus; may add the continuing sentence.',
    inputPer1k: 0.0008,
    outputPer1k: 0.0032,
    latency: { baseMs: 300, perInputTokenMs: 0.03, perOutputTokenMs: 8, jitter: 0.2 },
  },
  engine: {
    stopwords: true,
    stem: 'strong',
    k1: 0.5,
    scoring: 'bm25',
    synonymWeight: 0.5,
    bigramBonus: 2,
    adjacent: true,
  },
  followsJson: true,
};
