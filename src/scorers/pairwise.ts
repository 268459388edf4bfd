/**
 * `pairwise`: the judge compares the candidate's answer with a baseline target's answer for the same case, in
 * both orders (candidate as A, then as B). The two verdicts agree → that outcome (win 1, tie 0.5, loss 0);
 * they differ → a tie, and the case counts as a position flip. Metrics: `<name>` (mean over samples) and
 * `<name>_flip` (share of samples whose verdict flipped with the order: its mean over cases is the judge's
 * position-bias rate).
 */
import { z } from 'zod';
import type { Score, ScoreContext, TargetResponse } from '../core/types.ts';
import { noOutputText } from './_shared.ts';
import { callJudge, type JudgeCall, parseWith } from './judge/call.ts';
import { oneLine, questionField, questionOf, referenceField, referenceOf } from './judge/case-input.ts';
import { judgeErrorScore, NO_JUDGE, samplesReason, totals } from './judge/judged.ts';
import { judgeFields, judgeSetup } from './judge/options.ts';
import { sampleStats } from './judge/samples.ts';
import { type PreferenceVerdict, preferenceVerdict, responseSchema } from './judge/verdicts.ts';
import type { ScorerDefinition } from './types.ts';

/**
 * What the pairwise scorer needs beyond ScoreContext: the other targets' responses to the same case (and repeat),
 * keyed by target id. Proposed as an optional field of ScoreContext; the runner fills it when a suite has a
 * pairwise scorer (scoring waits for the baseline's response).
 */
export interface PairwiseContext extends ScoreContext {
  otherResponses?: Record<string, TargetResponse>;
}

const optionsSchema = z
  .strictObject({
    ...judgeFields('pairwise'),
    baseline: z.string().min(1).describe('Target id whose answer the candidate is compared with.'),
    questionField,
    referenceField,
  })
  .describe('A judge prefers the candidate or the baseline answer, in both orders; flips are ties.');

export type PairwiseOptions = z.infer<typeof optionsSchema>;

export type Outcome = 'candidate' | 'baseline' | 'tie';
const VALUE: Record<Outcome, number> = { candidate: 1, tie: 0.5, baseline: 0 };

/** The candidate's outcome from the two orders' winners (A/B/tie as the judge saw them). */
export function combineOrders(
  candidateFirst: PreferenceVerdict['winner'],
  candidateSecond: PreferenceVerdict['winner'],
): { outcome: Outcome; flipped: boolean } {
  const first: Outcome = candidateFirst === 'A' ? 'candidate' : candidateFirst === 'B' ? 'baseline' : 'tie';
  const second: Outcome =
    candidateSecond === 'B' ? 'candidate' : candidateSecond === 'A' ? 'baseline' : 'tie';
  return first === second ? { outcome: first, flipped: false } : { outcome: 'tie', flipped: true };
}

export const pairwiseScorer: ScorerDefinition<PairwiseOptions> = {
  type: 'pairwise',
  description:
    'A judge model compares the answer with a baseline target’s answer in both orders (win 1, tie 0.5, loss 0).',
  optionsSchema,
  metrics: (o) => [o.name ?? 'pairwise', `${o.name ?? 'pairwise'}_flip`],
  create(o, env) {
    const setup = judgeSetup(o, env, 'pairwise');
    const flipMetric = `${setup.metric}_flip`;
    const parse = parseWith(preferenceVerdict);
    const schema = responseSchema(preferenceVerdict);
    return {
      name: setup.metric,
      type: 'pairwise',
      async score(evalCase, response, ctx: PairwiseContext): Promise<Score[]> {
        if (ctx.targetId === o.baseline) return [];
        if (response.text === undefined) return [noOutputText(setup.metric, setup.threshold)];
        const other = ctx.otherResponses?.[o.baseline]?.text;
        if (other === undefined) {
          const reason = `no_baseline: target "${o.baseline}" has no answer for this case`;
          return [{ metric: setup.metric, value: Number.NaN, reason, details: { missingBaseline: true } }];
        }
        const question = questionOf(evalCase, o.questionField ?? 'question');
        const reference = referenceOf(evalCase, o.referenceField ?? 'expected');
        const shared = {
          ...(question !== undefined ? { question } : {}),
          ...(reference !== undefined ? { reference } : {}),
        };
        const ab = setup.prompt.render({ ...shared, answerA: response.text, answerB: other }, schema);
        const ba = setup.prompt.render({ ...shared, answerA: other, answerB: response.text }, schema);
        const base = { judge: setup.info, prompts: { candidateFirst: ab, candidateSecond: ba } };
        if (setup.target(0) === undefined)
          return [judgeErrorScore(setup.metric, NO_JUDGE, base), judgeErrorScore(flipMetric, NO_JUDGE, base)];
        const pairs = await Promise.all(
          Array.from({ length: setup.samples }, async (_, i) => {
            const target = setup.target(i)!;
            return Promise.all([
              callJudge(target, ab, parse, setup.call),
              callJudge(target, ba, parse, setup.call),
            ]);
          }),
        );
        const calls: JudgeCall<PreferenceVerdict>[] = pairs.flat();
        const { usage, latencyMs } = totals(calls);
        const failed = calls.find((c) => !c.ok);
        if (failed && !failed.ok) {
          const verdicts = pairs.map(([x, y]) => ({ candidateFirst: x, candidateSecond: y }));
          const details = { ...base, verdicts, usage, latencyMs };
          return [
            judgeErrorScore(setup.metric, failed.error, details),
            judgeErrorScore(flipMetric, failed.error, details),
          ];
        }
        const samples = pairs.map(([x, y]) => {
          const first = x as JudgeCall<PreferenceVerdict> & { ok: true };
          const second = y as JudgeCall<PreferenceVerdict> & { ok: true };
          const { outcome, flipped } = combineOrders(first.verdict.winner, second.verdict.winner);
          return {
            value: VALUE[outcome],
            outcome,
            flipped,
            candidateFirst: { verdict: first.verdict, attempts: first.attempts },
            candidateSecond: { verdict: second.verdict, attempts: second.attempts },
          };
        });
        const s0 = samples[0]!;
        const firstReason = s0.flipped
          ? `verdict flipped with the order (candidate first: ${s0.candidateFirst.verdict.winner}, candidate second: ${s0.candidateSecond.verdict.winner}) → tie`
          : `${s0.outcome === 'tie' ? 'tie' : `${s0.outcome} preferred`} in both orders: ${oneLine(s0.candidateFirst.verdict.reasoning, 160)}`;
        const values = samples.map((s) => s.value);
        const flips = samples.filter((s) => s.flipped).length / samples.length;
        const details: Record<string, unknown> = {
          ...base,
          baseline: o.baseline,
          verdicts: samples,
          usage,
          latencyMs,
        };
        if (setup.samples > 1) details.spread = sampleStats(values, setup.threshold);
        const mean = values.reduce((a, v) => a + v, 0) / values.length;
        const reason = setup.samples > 1 ? samplesReason(values, setup.threshold, firstReason) : firstReason;
        return [
          { metric: setup.metric, value: mean, pass: mean >= setup.threshold, reason, details },
          { metric: flipMetric, value: flips, details: { flips: samples.map((s) => s.flipped) } },
        ];
      },
    };
  },
};
