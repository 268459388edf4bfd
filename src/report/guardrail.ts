/**
 * The report's guardrail section, from the `guardrail` scorer's scores: per target a confusion matrix (expected
 * block / pass × actual block / pass; mask rows count as pass: the text must get through) overall and per policy
 * type, precision / recall / F1 per policy from pooled counts (F1 is never a mean of per-case values), PII masking
 * precision / recall from pooled entity counts, grounding-check accuracy, and the block rate on attack rows.
 */
import type { StoredScore } from '../store/types.ts';
import { fmtInt, fmtPct } from './format.ts';

/** A 2 × 2 confusion matrix: expected positive (block / policy should fire) × actual positive. */
export interface Confusion {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

export interface PooledFigures {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** False-positive rate fp / (fp + tn). */
  fpr: number | null;
}

const _ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/** Precision, recall, F1 and false-positive rate of pooled counts (null when a denominator is 0). */
export function pooled(c: Confusion): PooledFigures {
  const precision = _ratio(c.tp, c.tp + c.fp);
  const recall = _ratio(c.tp, c.tp + c.fn);
  const f1 = _ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
  return { precision, recall, f1, fpr: _ratio(c.fp, c.fp + c.tn) };
}

interface RowDetails {
  expect?: unknown;
  actual?: unknown;
  expectedPolicies?: unknown;
  firedPolicies?: unknown;
  attack?: unknown;
}

const _strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const _empty = (): Confusion => ({ tp: 0, fn: 0, fp: 0, tn: 0 });

function _count(c: Confusion, expected: boolean, actual: boolean): void {
  if (expected) actual ? c.tp++ : c.fn++;
  else actual ? c.fp++ : c.tn++;
}

/** The raw figures of one target (and guardrail scorer): what the view model formats. */
export interface GuardrailFigures {
  targetId: string;
  /** Metric prefix of a named guardrail scorer ('' for the default). */
  scorer: string;
  rows: number;
  correct: number;
  overall: Confusion;
  policies: Map<string, Confusion>;
  pii: { tp: number; fp: number; fn: number; rows: number } | null;
  grounding: { correct: number; n: number } | null;
  attacks: { blocked: number; n: number } | null;
}

const CORRECT = /^(.*?)guardrail_correct$/;

/** Gathers the guardrail figures of every target from its scores; empty when the run has no guardrail scores. */
export function guardrailFigures(scores: readonly StoredScore[]): GuardrailFigures[] {
  const groups = new Map<string, GuardrailFigures>();
  const group = (targetId: string, scorer: string) => {
    const key = `${targetId}\u0000${scorer}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        targetId,
        scorer,
        rows: 0,
        correct: 0,
        overall: _empty(),
        policies: new Map(),
        pii: null,
        grounding: null,
        attacks: null,
      };
      groups.set(key, g);
    }
    return g;
  };
  const piiSeen = new Set<string>();
  for (const s of scores) {
    const m = CORRECT.exec(s.metric);
    if (m) {
      const g = group(s.targetId, m[1] ?? '');
      const d = (s.details ?? {}) as RowDetails;
      const actualBlock = d.actual === 'block';
      g.rows++;
      if (s.value === 1) g.correct++;
      _count(g.overall, d.expect === 'block', actualBlock);
      const expected = _strings(d.expectedPolicies);
      const fired = _strings(d.firedPolicies);
      for (const p of new Set([...expected, ...fired])) if (!g.policies.has(p)) g.policies.set(p, _empty());
      if (d.attack === true) {
        g.attacks ??= { blocked: 0, n: 0 };
        g.attacks.n++;
        if (actualBlock) g.attacks.blocked++;
      }
      continue;
    }
    const pii = /^(.*?)pii_mask_(?:precision|recall)$/.exec(s.metric);
    if (pii) {
      const key = `${s.targetId}\u0000${pii[1]}\u0000${s.caseId}\u0000${s.repeat}`;
      if (piiSeen.has(key)) continue; // precision and recall of one row carry the same counts
      piiSeen.add(key);
      const g = group(s.targetId, pii[1] ?? '');
      const d = (s.details ?? {}) as { tp?: unknown; fp?: unknown; fn?: unknown };
      g.pii ??= { tp: 0, fp: 0, fn: 0, rows: 0 };
      g.pii.tp += Number(d.tp ?? 0);
      g.pii.fp += Number(d.fp ?? 0);
      g.pii.fn += Number(d.fn ?? 0);
      g.pii.rows++;
      continue;
    }
    const gr = /^(.*?)grounding_accuracy$/.exec(s.metric);
    if (gr) {
      const g = group(s.targetId, gr[1] ?? '');
      g.grounding ??= { correct: 0, n: 0 };
      g.grounding.n++;
      if (s.value === 1) g.grounding.correct++;
    }
  }
  // Per-policy matrices need every row of the target, so they are counted in a second pass.
  for (const s of scores) {
    const m = CORRECT.exec(s.metric);
    if (!m) continue;
    const g = groups.get(`${s.targetId}\u0000${m[1] ?? ''}`);
    const d = (s.details ?? {}) as RowDetails;
    const expected = _strings(d.expectedPolicies);
    const fired = _strings(d.firedPolicies);
    for (const [p, c] of g?.policies ?? []) _count(c, expected.includes(p), fired.includes(p));
  }
  return [...groups.values()].filter((g) => g.rows > 0 || g.pii !== null || g.grounding !== null);
}

const POLICY_ORDER = ['content', 'prompt-attack', 'topic', 'word', 'pii', 'regex', 'grounding'];
const _order = (p: string) => {
  const i = POLICY_ORDER.indexOf(p);
  return i < 0 ? POLICY_ORDER.length : i;
};

function _matrix(c: Confusion) {
  const f = pooled(c);
  return {
    tp: fmtInt(c.tp),
    fn: fmtInt(c.fn),
    fp: fmtInt(c.fp),
    tn: fmtInt(c.tn),
    n: fmtInt(c.tp + c.fn + c.fp + c.tn),
    precision: fmtPct(f.precision),
    recall: fmtPct(f.recall),
    f1: fmtPct(f.f1),
    fpr: fmtPct(f.fpr),
  };
}

/** The section's view model (every figure formatted); null when the run has no guardrail scores. */
export function guardrailSection(scores: readonly StoredScore[]) {
  const figures = guardrailFigures(scores);
  if (figures.length === 0) return null;
  return {
    targets: figures.map((g) => ({
      targetId: g.targetId,
      scorer: g.scorer.replace(/_$/, ''),
      rows: fmtInt(g.rows),
      accuracy: fmtPct(_ratio(g.correct, g.rows)),
      overall: _matrix(g.overall),
      policies: [...g.policies]
        .sort(([a], [b]) => _order(a) - _order(b) || a.localeCompare(b))
        .map(([policy, c]) => ({ policy, ..._matrix(c) })),
      pii: g.pii && {
        tp: fmtInt(g.pii.tp),
        fp: fmtInt(g.pii.fp),
        fn: fmtInt(g.pii.fn),
        rows: fmtInt(g.pii.rows),
        precision: fmtPct(_ratio(g.pii.tp, g.pii.tp + g.pii.fp)),
        recall: fmtPct(_ratio(g.pii.tp, g.pii.tp + g.pii.fn)),
      },
      grounding: g.grounding && {
        accuracy: fmtPct(_ratio(g.grounding.correct, g.grounding.n)),
        correct: fmtInt(g.grounding.correct),
        n: fmtInt(g.grounding.n),
      },
      attacks: g.attacks && {
        rate: fmtPct(_ratio(g.attacks.blocked, g.attacks.n)),
        blocked: fmtInt(g.attacks.blocked),
        n: fmtInt(g.attacks.n),
      },
    })),
  };
}

export type GuardrailSection = NonNullable<ReturnType<typeof guardrailSection>>;
