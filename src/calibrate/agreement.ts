/**
 * Agreement figures of a judge against human labels, per label kind. Items the judge could not grade
 * (judge_error) are counted in `judge_errors` and left out of every other figure — never counted as agreement
 * or disagreement.
 * - scale (1..5): the judge's 0..1 value mapped back to 1 + round(4 · value); `accuracy` (exact), `within_one`
 *   (|judge − human| ≤ 1), `kappa_quadratic` (quadratic-weighted over 1..5), `spearman`.
 * - fraction (faithfulness): `spearman` and `mae` of the supported fraction; `accuracy` and `kappa`
 *   (unweighted) of pass/fail at 0.5 (pass = fraction ≥ 0.5).
 * - preference (pairwise): value 1 → A (the candidate, `answer`), 0 → B, else tie; `accuracy`, `kappa`
 *   (unweighted over A/B/tie), `position_bias` = mean of the `_flip` metric (share of items whose verdict
 *   flipped with the order).
 * A figure that cannot be computed (no graded item, Spearman of a constant list) is null.
 */
import { type LabelKind, type Preference, SCALE } from './labels.ts';
import { accuracy, cohenKappa, spearman } from './stats.ts';

/** The judge's verdict on one item; absent on judge_error. */
export interface JudgeVerdict {
  /** The scorer's 0..1 value. */
  value: number;
  /** Pairwise only: the `_flip` metric's value (1 = the verdict flipped with the order). */
  flip?: number;
}

export interface ItemAgreement {
  /** The judge's verdict on the label's scale (`4`, `0.5`, `tie`). */
  judgeLabel: string;
  agree: boolean;
}

export const PASS_AT = 0.5;
const PREFERENCES: readonly Preference[] = ['A', 'B', 'tie'];

/** The judge's 1..5 score recovered from a 0..1 value. */
export function toScale(value: number): number {
  return Math.min(5, Math.max(1, 1 + Math.round(4 * value)));
}

export function toPreference(value: number): Preference {
  return value === 1 ? 'A' : value === 0 ? 'B' : 'tie';
}

/** How one graded item compares with its human label. */
export function itemAgreement(kind: LabelKind, human: number | Preference, v: JudgeVerdict): ItemAgreement {
  if (kind === 'scale') {
    const s = toScale(v.value);
    return { judgeLabel: String(s), agree: s === human };
  }
  if (kind === 'fraction') {
    const h = human as number;
    return { judgeLabel: String(Number(v.value.toFixed(4))), agree: v.value >= PASS_AT === h >= PASS_AT };
  }
  const p = toPreference(v.value);
  return { judgeLabel: p, agree: p === human };
}

function _finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function _mean(xs: readonly number[]): number {
  return xs.reduce((a, x) => a + x, 0) / xs.length;
}

/** Figures by name, in print order. `n` counts every labelled item, judge_errors included. */
export function agreementFigures(
  kind: LabelKind,
  items: ReadonlyArray<{ human: number | Preference; judge?: JudgeVerdict }>,
): Record<string, number | null> {
  const graded = items.filter((i): i is { human: number | Preference; judge: JudgeVerdict } => !!i.judge);
  const head = { n: items.length, judge_errors: items.length - graded.length, graded: graded.length };
  const none = graded.length === 0;
  if (kind === 'scale') {
    const h = graded.map((i) => i.human as number);
    const j = graded.map((i) => toScale(i.judge.value));
    return {
      ...head,
      accuracy: none ? null : accuracy(h, j),
      within_one: none ? null : _mean(h.map((x, k) => (Math.abs(x - j[k]!) <= 1 ? 1 : 0))),
      kappa_quadratic: none ? null : cohenKappa(h, j, SCALE, 'quadratic'),
      spearman: none ? null : _finite(spearman(h, j)),
    };
  }
  if (kind === 'fraction') {
    const h = graded.map((i) => i.human as number);
    const j = graded.map((i) => i.judge.value);
    const hp = h.map((x) => (x >= PASS_AT ? 'pass' : 'fail'));
    const jp = j.map((x) => (x >= PASS_AT ? 'pass' : 'fail'));
    return {
      ...head,
      spearman: none ? null : _finite(spearman(h, j)),
      mae: none ? null : _mean(h.map((x, k) => Math.abs(x - j[k]!))),
      accuracy: none ? null : accuracy(hp, jp),
      kappa: none ? null : cohenKappa(hp, jp, ['fail', 'pass']),
    };
  }
  const h = graded.map((i) => i.human as Preference);
  const j = graded.map((i) => toPreference(i.judge.value));
  return {
    ...head,
    accuracy: none ? null : accuracy(h, j),
    kappa: none ? null : cohenKappa(h, j, PREFERENCES),
    position_bias: none ? null : _mean(graded.map((i) => i.judge.flip ?? 0)),
  };
}
