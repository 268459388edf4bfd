/**
 * `retrieval`: Precision@K, Recall@K, hit rate@K, nDCG@K, MRR and MAP of a target's retrieved chunks against the
 * case's relevance labels, with trec_eval's definitions (src/scorers/retrieval/metrics.ts) after the chunk →
 * document rule (src/scorers/retrieval/judge-chunks.ts). Metric names: `precision@5`, `recall@5`, `hit_rate@5`,
 * `ndcg@5`, `mrr`, `map` (prefixed `<name>_` when the scorer is given a name).
 */
import { z } from 'zod';
import type { Score } from '../core/types.ts';
import { nameField, passOn, thresholdField } from './_shared.ts';
import { caseLabels, judgeChunks } from './retrieval/judge-chunks.ts';
import { evaluateQuery, type Measure } from './retrieval/metrics.ts';
import type { ScorerDefinition } from './types.ts';

const METRICS = ['precision', 'recall', 'hit_rate', 'ndcg', 'mrr', 'map'] as const;
type RetrievalMetric = (typeof METRICS)[number];

/** Our metric → trec_eval's measure (`success` is trec_eval's hit rate). */
const TREC: Record<RetrievalMetric, Measure['name']> = {
  precision: 'P',
  recall: 'recall',
  hit_rate: 'success',
  ndcg: 'ndcg_cut',
  mrr: 'recip_rank',
  map: 'map',
};

const DEFAULT_K = [1, 3, 5, 10];
const DETAIL_LIMIT = 20;

const optionsSchema = z
  .strictObject({
    type: z.literal('retrieval'),
    name: nameField.optional(),
    k: z
      .array(z.number().int().positive())
      .min(1)
      .optional()
      .describe('Cutoffs K for precision, recall, hit_rate and ndcg (default [1, 3, 5, 10]).'),
    metrics: z
      .array(z.enum(METRICS))
      .min(1)
      .optional()
      .describe('Which metrics to emit (default all: precision, recall, hit_rate, ndcg, mrr, map).'),
    labels: z
      .string()
      .min(1)
      .optional()
      .describe('Case variable holding the relevance labels [{doc, grade?, quote?}] (default "relevant").'),
    threshold: thresholdField.optional(),
    passMetric: z
      .string()
      .optional()
      .describe('The emitted metric that threshold applies to, e.g. "recall@5" (required with threshold).'),
  })
  .superRefine((o, ctx) => {
    if ((o.threshold === undefined) !== (o.passMetric === undefined)) {
      const path = o.threshold === undefined ? ['threshold'] : ['passMetric'];
      ctx.addIssue({ code: 'custom', path, message: 'give threshold and passMetric together' });
    }
    const ks = o.k ?? DEFAULT_K;
    if (new Set(ks).size !== ks.length)
      ctx.addIssue({ code: 'custom', path: ['k'], message: 'cutoffs must be distinct' });
    if (o.metrics !== undefined && new Set(o.metrics).size !== o.metrics.length)
      ctx.addIssue({ code: 'custom', path: ['metrics'], message: 'metrics must be distinct' });
    const names = _plan(o).map((p) => p.metric);
    if (o.passMetric !== undefined && !names.includes(o.passMetric))
      ctx.addIssue({
        code: 'custom',
        path: ['passMetric'],
        message: `"${o.passMetric}" is not emitted (one of: ${names.join(', ')})`,
      });
  })
  .describe(
    'Precision/recall/hit rate/nDCG at K, MRR and MAP of the retrieved chunks, as trec_eval computes them.',
  );

export type RetrievalOptions = z.infer<typeof optionsSchema>;

interface Planned {
  metric: string;
  /** trec_eval key, e.g. P_5. */
  key: string;
}

function _plan(o: Pick<RetrievalOptions, 'name' | 'k' | 'metrics'>): Planned[] {
  const ks = [...new Set(o.k ?? DEFAULT_K)].sort((a, b) => a - b);
  const prefix = o.name === undefined ? '' : `${o.name}_`;
  return (o.metrics ?? METRICS).flatMap((m) =>
    m === 'mrr' || m === 'map'
      ? [{ metric: `${prefix}${m}`, key: TREC[m] }]
      : ks.map((k) => ({ metric: `${prefix}${m}@${k}`, key: `${TREC[m]}_${k}` })),
  );
}

function _measures(o: RetrievalOptions): Measure[] {
  const ks = [...new Set(o.k ?? DEFAULT_K)].sort((a, b) => a - b);
  return [...new Set(o.metrics ?? METRICS)].map((m): Measure => {
    const name = TREC[m];
    return name === 'map' || name === 'recip_rank' ? { name } : { name, cutoffs: ks };
  });
}

export const retrievalScorer: ScorerDefinition<RetrievalOptions> = {
  grades: 'retrieval',
  type: 'retrieval',
  description:
    'Precision/recall/hit rate/nDCG@K, MRR and MAP of retrieved chunks vs relevance labels (trec_eval).',
  optionsSchema,
  metrics: (o) => _plan(o).map((p) => p.metric),
  create(o) {
    const plan = _plan(o);
    const measures = _measures(o);
    const field = o.labels ?? 'relevant';
    const withPass = (metric: string, value: number, reason?: string): Score =>
      passOn(o, metric, metric, value, reason);
    return {
      name: o.name ?? 'retrieval',
      type: 'retrieval',
      score(evalCase, response) {
        const labels = caseLabels(evalCase, field);
        // trec_eval skips a query with no judgments at all: no scores, so it is left out of every mean.
        if (labels.length === 0) return [];
        if (response.retrieved === undefined)
          return plan.map((p) => withPass(p.metric, 0, 'the response has no retrieved chunks'));
        const judged = judgeChunks(response.retrieved, labels);
        const values = evaluateQuery(judged.ranked, judged.qrels, measures);
        const relevant = labels.filter((l) => l.grade >= 1).length;
        const reason =
          relevant === 0
            ? 'no relevant document is labelled (all grade 0): every measure is 0, as in trec_eval'
            : undefined;
        const scores = plan.map((p) => withPass(p.metric, values.get(p.key) ?? 0, reason));
        const first = scores[0];
        if (first)
          first.details = {
            ranked: judged.entries
              .slice(0, DETAIL_LIMIT)
              .map((e) => ({ doc: e.docId, rel: e.rel ?? null, chunk: e.chunk })),
            retrievedChunks: response.retrieved.length,
            relevantDocs: relevant,
          };
        return scores;
      },
    };
  },
};
