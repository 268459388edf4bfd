/** amazon.nova-micro-v1:0 — small, fast, cheap: naive lexical overlap, single best sentence, ignores format. */
import type { LocalModel } from './model.ts';

export const novaMicro: LocalModel = {
  info: {
    id: 'amazon.nova-micro-v1:0',
    displayName: 'Nova Micro (local: lexical overlap)',
    summary: 'Counts distinct shared words (no stopwords removed, no stemming); best single sentence.',
    inputPer1k: 0.000035,
    outputPer1k: 0.00014,
    latency: { baseMs: 40, perInputTokenMs: 0.005, perOutputTokenMs: 1, jitter: 0.1 },
  },
  engine: {
    stopwords: false,
    stem: 'none',
    k1: 1.2,
    scoring: 'overlap',
    synonymWeight: 0,
    bigramBonus: 0,
    adjacent: false,
  },
  followsJson: false,
};
