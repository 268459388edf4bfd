/**
 * `citations`: how well a generated answer's citations (RetrieveAndGenerate, RAG pipelines) point at the
 * labelled relevant documents.
 * - citation_precision = distinct cited documents that are relevant / distinct cited documents.
 * - citation_recall = relevant documents (grade ≥ 1) that are cited / relevant documents.
 * - citation_coverage = non-whitespace answer characters inside a cited span / non-whitespace answer characters.
 * A cited document is relevant when its label has grade ≥ 1 and, if the label has a quote, one of its cited
 * reference chunks overlaps the quote (the same overlap rule as the `retrieval` scorer).
 * Edge cases: no citations → precision 0 and recall 0 with the reason "no citations" (an answer that cites nothing
 * is not rewarded by dropping out of the mean); no relevant document labelled → no citation_recall (0/0, skipped
 * as trec_eval skips such queries) and, if nothing is cited either, no citation_precision; no citation with a
 * span, or an empty answer → no citation_coverage.
 */
import { z } from 'zod';
import type { Citation, Score } from '../core/types.ts';
import { nameField, passOn, thresholdField } from './_shared.ts';
import { caseLabels, overlapsQuote, type RelevanceLabel } from './retrieval/judge-chunks.ts';
import type { ScorerDefinition } from './types.ts';

const BASE = ['citation_precision', 'citation_recall', 'citation_coverage'] as const;

const optionsSchema = z
  .strictObject({
    type: z.literal('citations'),
    name: nameField.optional(),
    labels: z
      .string()
      .min(1)
      .optional()
      .describe('Case variable holding the relevance labels [{doc, grade?, quote?}] (default "relevant").'),
    threshold: thresholdField.optional(),
    passMetric: z
      .enum(BASE)
      .optional()
      .describe('Which metric threshold applies to (required with threshold), e.g. citation_precision.'),
  })
  .superRefine((o, ctx) => {
    if ((o.threshold === undefined) !== (o.passMetric === undefined)) {
      const path = o.threshold === undefined ? ['threshold'] : ['passMetric'];
      ctx.addIssue({ code: 'custom', path, message: 'give threshold and passMetric together' });
    }
  })
  .describe(
    'Citation precision and recall against the relevance labels, and answer coverage by cited spans.',
  );

export type CitationsOptions = z.infer<typeof optionsSchema>;

const _names = (o: CitationsOptions) => BASE.map((m) => (o.name === undefined ? m : `${o.name}_${m}`));

/** Distinct cited documents → whether each counts as relevant. */
export function citedDocuments(
  citations: readonly Citation[],
  labels: readonly RelevanceLabel[],
): Map<string, boolean> {
  const byDoc = new Map(labels.map((l) => [l.doc, l]));
  const cited = new Map<string, boolean>();
  for (const c of citations) {
    for (const ref of c.references) {
      const label = byDoc.get(ref.docId);
      const hit =
        label !== undefined &&
        label.grade >= 1 &&
        (label.quote === undefined || overlapsQuote(ref.text, label.quote));
      cited.set(ref.docId, (cited.get(ref.docId) ?? false) || hit);
    }
  }
  return cited;
}

/** Fraction of the answer's non-whitespace characters inside the spans of citations that cite something. */
export function citationCoverage(answer: string, citations: readonly Citation[]): number | undefined {
  const spans = citations.filter((c) => c.span !== undefined && c.references.length > 0).map((c) => c.span);
  const total = answer.replace(/\s/g, '').length;
  if (spans.length === 0 || total === 0) return undefined;
  const covered = new Uint8Array(answer.length);
  for (const s of spans) {
    if (!s) continue;
    for (let i = Math.max(0, s.start); i < Math.min(answer.length, s.end); i++) covered[i] = 1;
  }
  let inside = 0;
  for (let i = 0; i < answer.length; i++) if (covered[i] && !/\s/.test(answer[i] ?? ' ')) inside++;
  return inside / total;
}

export const citationsScorer: ScorerDefinition<CitationsOptions> = {
  grades: 'citations',
  type: 'citations',
  description:
    'Citation precision/recall vs relevance labels, and the share of the answer inside cited spans.',
  optionsSchema,
  metrics: _names,
  create(o) {
    const [precisionName, recallName, coverageName] = _names(o) as [string, string, string];
    const field = o.labels ?? 'relevant';
    const make = (base: (typeof BASE)[number], metric: string, value: number, reason?: string): Score =>
      passOn(o, base, metric, value, reason);
    return {
      name: o.name ?? 'citations',
      type: 'citations',
      score(evalCase, response) {
        const labels = caseLabels(evalCase, field);
        const relevant = labels.filter((l) => l.grade >= 1).map((l) => l.doc);
        const citations = response.citations ?? [];
        const cited = citedDocuments(citations, labels);
        const scores: Score[] = [];
        if (cited.size === 0) {
          if (relevant.length > 0) {
            scores.push(make('citation_precision', precisionName, 0, 'no citations'));
            scores.push(make('citation_recall', recallName, 0, 'no citations'));
          }
        } else {
          const good = [...cited.values()].filter(Boolean).length;
          const bad = [...cited].filter(([, ok]) => !ok).map(([d]) => d);
          const why = bad.length > 0 ? `not relevant: ${bad.slice(0, 5).join(', ')}` : undefined;
          scores.push(make('citation_precision', precisionName, good / cited.size, why));
          if (relevant.length > 0) {
            const missing = relevant.filter((d) => !cited.get(d));
            const reason = missing.length > 0 ? `not cited: ${missing.slice(0, 5).join(', ')}` : undefined;
            scores.push(
              make(
                'citation_recall',
                recallName,
                (relevant.length - missing.length) / relevant.length,
                reason,
              ),
            );
          }
        }
        const coverage = citationCoverage(response.text ?? '', citations);
        if (coverage !== undefined) scores.push(make('citation_coverage', coverageName, coverage));
        return scores;
      },
    };
  },
};
