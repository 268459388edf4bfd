import type { EvalCase } from '../core/types.ts';

/** One call the runner will make: a case, through one target, for one repeat (repeats are independent samples). */
export interface PlannedCall {
  evalCase: EvalCase;
  targetId: string;
  repeat: number;
}

/**
 * One target's calls as a stream: each case × repeats in dataset order, without the keys in `done` (calls stored
 * by an earlier session of a resumed run). The runner pulls from it, so no case list is held in memory.
 */
export async function* streamCalls(
  cases: AsyncIterable<EvalCase>,
  targetId: string,
  repeats: number,
  done: ReadonlySet<string> = new Set(),
): AsyncGenerator<PlannedCall> {
  for await (const evalCase of cases) {
    for (let repeat = 0; repeat < repeats; repeat++) {
      if (done.size === 0 || !done.has(callKey(evalCase.id, targetId, repeat))) {
        yield { evalCase, targetId, repeat };
      }
    }
  }
}

/** The store's idempotency key of one call. */
export function callKey(caseId: string, targetId: string, repeat: number): string {
  return `${caseId}\u0000${targetId}\u0000${repeat}`;
}
