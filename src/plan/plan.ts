import type { EvalCase } from '../core/types.ts';

/** One call the runner will make: a case, through one target, for one repeat (repeats are independent samples). */
export interface PlannedCall {
  evalCase: EvalCase;
  targetId: string;
  repeat: number;
}

/** Cases × targets × repeats, grouped by target so each target's concurrency limit applies to its own calls. */
export function planCalls(
  cases: readonly EvalCase[],
  targetIds: readonly string[],
  repeats: number,
): Map<string, PlannedCall[]> {
  const byTarget = new Map<string, PlannedCall[]>();
  for (const targetId of targetIds) {
    const calls: PlannedCall[] = [];
    for (const evalCase of cases) {
      for (let repeat = 0; repeat < repeats; repeat++) calls.push({ evalCase, targetId, repeat });
    }
    byTarget.set(targetId, calls);
  }
  return byTarget;
}

/** The store's idempotency key of one call. */
export function callKey(caseId: string, targetId: string, repeat: number): string {
  return `${caseId}\u0000${targetId}\u0000${repeat}`;
}
