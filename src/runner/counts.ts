import type { CaseResult } from '../core/types.ts';

/** The run record's counters. */
export interface RunCounts {
  cases: number;
  calls: number;
  ok: number;
  errors: number;
  errorsByClass: Record<string, number>;
  throttles: number;
  badRows: number;
  scorerErrors: number;
}

export function emptyCounts(): RunCounts {
  return {
    cases: 0,
    calls: 0,
    ok: 0,
    errors: 0,
    errorsByClass: {},
    throttles: 0,
    badRows: 0,
    scorerErrors: 0,
  };
}

export function countResult(counts: RunCounts, result: CaseResult): void {
  counts.calls++;
  if (result.outcome.status === 'ok') {
    counts.ok++;
    return;
  }
  counts.errors++;
  const cls = result.outcome.errorClass;
  counts.errorsByClass[cls] = (counts.errorsByClass[cls] ?? 0) + 1;
  if (cls === 'ThrottlingException') counts.throttles++;
}
