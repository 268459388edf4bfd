/** amazon.nova-lite-v1:0 — mid: stopwords, light stemming, BM25 over sentences, follows a JSON instruction. */
import type { LocalModel } from './model.ts';

export const novaLite: LocalModel = {
  info: {
    id: 'amazon.nova-lite-v1:0',
    displayName: 'Nova Lite (local: BM25)',
    summary: 'BM25 over sentences with stopwords removed and light stemming; best single sentence.',
    inputPer1k: 0.00006,
    outputPer1k: 0.00024,
    latency: { baseMs: 100, perInputTokenMs: 0.01, perOutputTokenMs: 3, jitter: 0.15 },
  },
  engine: {
    stopwords: true,
    stem: 'light',
    k1: 1.2,
    scoring: 'bm25',
    synonymWeight: 0,
    bigramBonus: 0,
    adjacent: false,
  },
  followsJson: true,
};
