/** Shared fixtures of the scorer tests: a score context, a case with an optional expected value, a response. */
import type { EvalCase, TargetResponse } from '../core/types.ts';

export const ctx = { targetId: 't', modelId: 'm' };

export const kase = (expected: string | undefined, vars: Record<string, unknown> = {}): EvalCase => ({
  id: 'c1',
  source: { file: 'd.csv', row: 1 },
  vars,
  ...(expected === undefined ? {} : { expected }),
});

export const out = (text?: string): TargetResponse => ({ text, timing: { latencyMs: 5 } });
