/**
 * Agreement between a judge and human labels: accuracy, Cohen's kappa (unweighted, or linearly / quadratically
 * weighted for ordinal scales) and Spearman's rank correlation (average ranks for ties). Pure functions.
 */

export type KappaWeights = 'none' | 'linear' | 'quadratic';

function _sameLength(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new Error(`paired lists differ in length (${a.length} vs ${b.length})`);
  if (a.length === 0) throw new Error('no pairs to compare');
}

/** Fraction of pairs where both raters gave the same label. */
export function accuracy<T>(a: readonly T[], b: readonly T[]): number {
  _sameLength(a, b);
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * Cohen's kappa over the ordered `categories` (ordinal order matters for weights):
 * κ = 1 − Σ w·O / Σ w·E, with O the observed and E the chance-expected proportions and w the disagreement
 * weight: 0/1 (none), |i−j|/(k−1) (linear) or ((i−j)/(k−1))² (quadratic). With no weights this equals
 * (p_o − p_e)/(1 − p_e). Returns 1 when both raters agree perfectly on a single category (no chance term).
 */
export function cohenKappa<T>(
  a: readonly T[],
  b: readonly T[],
  categories: readonly T[],
  weights: KappaWeights = 'none',
): number {
  _sameLength(a, b);
  const k = categories.length;
  const index = new Map(categories.map((c, i) => [c, i]));
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rowTotals = new Array<number>(k).fill(0);
  const colTotals = new Array<number>(k).fill(0);
  for (let n = 0; n < a.length; n++) {
    const i = index.get(a[n]!);
    const j = index.get(b[n]!);
    if (i === undefined || j === undefined)
      throw new Error(`label not among the categories: ${String(a[n] ?? b[n])}`);
    observed[i]![j]!++;
    rowTotals[i]!++;
    colTotals[j]!++;
  }
  const total = a.length;
  const weight = (i: number, j: number): number => {
    if (weights === 'none' || k < 2) return i === j ? 0 : 1;
    const d = Math.abs(i - j) / (k - 1);
    return weights === 'linear' ? d : d * d;
  };
  let disagreeObserved = 0;
  let disagreeExpected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = weight(i, j);
      disagreeObserved += (w * observed[i]![j]!) / total;
      disagreeExpected += (w * rowTotals[i]! * colTotals[j]!) / (total * total);
    }
  }
  if (disagreeExpected === 0) return disagreeObserved === 0 ? 1 : 0;
  return 1 - disagreeObserved / disagreeExpected;
}

/** Ranks 1..n, ties sharing the average of their positions. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let p = start; p <= end; p++) ranks[order[p]!.i] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Pearson correlation; NaN when either list is constant. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  _sameLength(x, y);
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's ρ: Pearson correlation of the average ranks (correct with ties). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(averageRanks(x), averageRanks(y));
}
