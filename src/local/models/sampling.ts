/**
 * Temperature sampling for the local answer models (MODELS.md, "Sampling"). Off unless the backend's fault
 * config has `sampling`; then a request with temperature τ > 0 draws its answer sentence from
 *
 *   P(i) ∝ exp((s_i / s_max − 1) / (τ · SPREAD))   over the TOP_K best sentences with s_i > 0,
 *
 * so a case whose runner-up scores close to the best flips often and a clear case (runner-up far behind) almost
 * never. The uniform draw of a request is keyed, not taken from one shared stream: the k-th request with the same
 * model + context + question since sampling was configured draws `mulberry32(fnv1a(seed:promptHash:k))`, so a
 * seeded simulation reproduces exactly whatever order concurrent requests arrive in.
 */
import { randomInt } from 'node:crypto';
import { fnv1a, mulberry32 } from '../prng.ts';

/** Softmax width per unit of temperature, in units of the best score (scores are relative: s_i / s_max). */
export const SAMPLING_SPREAD = 0.1;
/** Only the best TOP_K scoring sentences are candidates (as top-k sampling). */
export const SAMPLING_TOP_K = 5;

/** The source of a request's uniform draw. */
export class Sampler {
  readonly seed: number;
  private readonly counts = new Map<number, number>();

  /** Without a seed, a fresh random one (so unseeded backends differ run to run). */
  constructor(seed?: number) {
    this.seed = seed ?? randomInt(0, 2 ** 31);
  }

  /** A uniform in [0, 1) for the next request with this key (model id + prompt text). */
  uniform(key: string): number {
    const h = fnv1a(key);
    const k = this.counts.get(h) ?? 0;
    this.counts.set(h, k + 1);
    return mulberry32(fnv1a(`${this.seed}:${h}:${k}`))();
  }
}

/**
 * The sampling distribution over sentence indices for sentence scores at temperature τ > 0: the TOP_K best
 * sentences with a positive score (ties: earlier first), weights exp((s/s_max − 1)/(τ·SPREAD)), normalised.
 * Empty when no sentence scores above 0.
 */
export function samplingWeights(
  scores: readonly number[],
  temperature: number,
): { index: number; p: number }[] {
  const ranked = scores
    .map((s, index) => ({ index, s }))
    .filter((c) => c.s > 0)
    .sort((a, b) => b.s - a.s || a.index - b.index)
    .slice(0, SAMPLING_TOP_K);
  const best = ranked[0]?.s ?? 0;
  if (best <= 0) return [];
  const width = temperature * SAMPLING_SPREAD;
  const w = ranked.map((c) => Math.exp((c.s / best - 1) / width));
  const total = w.reduce((a, b) => a + b, 0);
  return ranked.map((c, i) => ({ index: c.index, p: (w[i] as number) / total }));
}

/** Pick an index from `samplingWeights` with a uniform u in [0, 1); -1 when there is no candidate. */
export function pickSampled(scores: readonly number[], temperature: number, u: number): number {
  const dist = samplingWeights(scores, temperature);
  let acc = 0;
  for (const c of dist) {
    acc += c.p;
    if (u < acc) return c.index;
  }
  return dist[dist.length - 1]?.index ?? -1;
}
