/** Per-case checks of the gated metrics: what the JUnit and Markdown reporters show per case × metric. */
import type { RuleVerdict, Verdict } from '../gate/types.ts';
import type { StoredCaseResult, StoredScore } from '../store/types.ts';
import { fmtMetric } from './format.ts';

/** A rule's bound as it applies to one case's value (only stats whose bound is meaningful per case). */
export interface CaseBound {
  ruleId: string;
  min?: number;
  max?: number;
}

export interface GatedMetric {
  metric: string;
  bounds: CaseBound[];
}

export type CaseOutcome = 'pass' | 'fail' | 'error' | 'skipped';

export interface CaseCheck {
  caseId: string;
  targetId: string;
  repeat: number;
  metric: string;
  outcome: CaseOutcome;
  /** The case's value of the metric; null on error and skipped rows. */
  value: number | null;
  /** One line, e.g. `contains = 0 (fail): missing "Paris"`. */
  message: string;
  /** The scorer's reason, or the error message; '' when none. */
  detail: string;
  /** Error class of an error row; '' otherwise. */
  errorClass: string;
  latencyMs: number | null;
}

/** Stats whose bound a single case's value can be held to (a p99 max is also a max for every case). */
const PER_CASE_STATS = new Set(['mean', 'p50', 'p90', 'p95', 'p99', 'max', 'min', 'value']);
/** Metrics read from the result row when no score carries them. */
const ROW_METRICS: Record<string, (r: StoredCaseResult) => number | null> = {
  latency_ms: (r) => r.latencyMs,
  ttft_ms: (r) => r.ttftMs,
};

/**
 * The metrics the gate names (in rule order, one entry per metric) with their per-case bounds; without a
 * verdict, every scored metric in order of first appearance, unbounded.
 */
export function gatedMetrics(verdict: Verdict | undefined, scores: readonly StoredScore[]): GatedMetric[] {
  const out = new Map<string, GatedMetric>();
  if (verdict && verdict.rules.length > 0) {
    for (const r of verdict.rules) {
      const m = out.get(r.metric) ?? { metric: r.metric, bounds: [] };
      const bound = _bound(r);
      if (bound) m.bounds.push(bound);
      out.set(r.metric, m);
    }
  } else {
    for (const s of scores) if (!out.has(s.metric)) out.set(s.metric, { metric: s.metric, bounds: [] });
  }
  return [...out.values()];
}

function _bound(r: RuleVerdict): CaseBound | undefined {
  if (!PER_CASE_STATS.has(r.stat) || (r.min === undefined && r.max === undefined)) return undefined;
  return {
    ruleId: r.id,
    ...(r.min === undefined ? {} : { min: r.min }),
    ...(r.max === undefined ? {} : { max: r.max }),
  };
}

/** One check per result row × gated metric, in result order then metric order. */
export function checkCases(
  results: readonly StoredCaseResult[],
  scores: readonly StoredScore[],
  metrics: readonly GatedMetric[],
): CaseCheck[] {
  const byKey = new Map<string, StoredScore>();
  for (const s of scores) byKey.set(`${s.caseId}\u0000${s.targetId}\u0000${s.repeat}\u0000${s.metric}`, s);
  const out: CaseCheck[] = [];
  for (const r of results) {
    for (const m of metrics) {
      const score = byKey.get(`${r.caseId}\u0000${r.targetId}\u0000${r.repeat}\u0000${m.metric}`);
      out.push({
        caseId: r.caseId,
        targetId: r.targetId,
        repeat: r.repeat,
        metric: m.metric,
        errorClass: '',
        latencyMs: r.latencyMs,
        ..._check(r, m, score),
      });
    }
  }
  return out;
}

type Judged = Pick<CaseCheck, 'outcome' | 'value' | 'message' | 'detail'> & { errorClass?: string };

function _check(r: StoredCaseResult, m: GatedMetric, score: StoredScore | undefined): Judged {
  if (r.status === 'error') {
    const cls = r.errorClass ?? 'Error';
    return {
      outcome: 'error',
      value: null,
      message: `${cls}: ${r.errorMessage ?? 'no message'}`,
      detail: r.errorMessage ?? '',
      errorClass: cls,
    };
  }
  if (m.metric === 'error_rate') {
    return { outcome: 'pass', value: 0, message: 'error_rate: the call succeeded', detail: '' };
  }
  const value = score?.value ?? ROW_METRICS[m.metric]?.(r) ?? null;
  const detail = score?.reason ?? '';
  if (value === null) {
    return { outcome: 'skipped', value: null, message: `no ${m.metric} value for this case`, detail: '' };
  }
  const fig = `${m.metric} = ${fmtMetric(m.metric, value)}`;
  const why = detail ? `: ${detail}` : '';
  if (score && score.pass !== null) {
    return {
      outcome: score.pass ? 'pass' : 'fail',
      value,
      message: `${fig} (${score.pass ? 'pass' : 'fail'})${why}`,
      detail,
    };
  }
  if (!Number.isFinite(value))
    return { outcome: 'fail', value, message: `${fig} (not a number)${why}`, detail };
  const broken = m.bounds.flatMap((b) => {
    if (b.min !== undefined && value < b.min) return [`< min ${fmtMetric(m.metric, b.min)} (${b.ruleId})`];
    if (b.max !== undefined && value > b.max) return [`> max ${fmtMetric(m.metric, b.max)} (${b.ruleId})`];
    return [];
  });
  if (broken.length > 0)
    return { outcome: 'fail', value, message: `${fig} ${broken.join(', ')}${why}`, detail };
  return { outcome: 'pass', value, message: `${fig}${why}`, detail };
}
