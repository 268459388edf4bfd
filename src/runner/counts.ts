import type { CaseResult } from '../core/types.ts';
import type { AttemptError } from './execute.ts';

/** The run record's counters. */
export interface RunCounts {
  cases: number;
  calls: number;
  ok: number;
  /** Calls whose final outcome is an error (after retries). */
  errors: number;
  /** Final errors by class (`ThrottlingException`, `InternalServerException`, `Timeout`, …). */
  errorsByClass: Record<string, number>;
  /** Every throttled attempt, retried or final. */
  throttles: number;
  /** Attempts made after a failed one. */
  retries: number;
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
    retries: 0,
    badRows: 0,
    scorerErrors: 0,
  };
}

/** Counts one call's final outcome. */
export function countResult(counts: RunCounts, result: CaseResult): void {
  counts.calls++;
  if (result.outcome.status === 'ok') {
    counts.ok++;
    return;
  }
  counts.errors++;
  const cls = result.outcome.errorClass;
  counts.errorsByClass[cls] = (counts.errorsByClass[cls] ?? 0) + 1;
}

/** Counts one failed attempt: a throttle (retried or not) and/or a retry to come. */
export function countAttemptError(counts: RunCounts, info: AttemptError): void {
  if (info.kind === 'throttle') counts.throttles++;
  if (info.retrying) counts.retries++;
}
