/** Where judge scorers find their inputs in a case: the question, the reference answer, the context. */
import { z } from 'zod';
import type { EvalCase, Score, TargetResponse } from '../../core/types.ts';
import { asText, expectedValue, graded } from '../_shared.ts';

const field = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'a case variable name');

export const questionField = field
  .optional()
  .describe('Case variable holding the question (default "question").');
export const referenceField = field
  .optional()
  .describe('Case field holding the reference answer (default "expected").');
export const contextField = field
  .optional()
  .describe(
    'Case variable holding the context: a string (split at blank lines) or a list of chunks. Default: the passages the target retrieved (RAG and knowledge-base targets), else the variable "context".',
  );

/**
 * The context a judge checks against: the named case variable when `field` is set; else the passages the target
 * retrieved, when it retrieved any; else the case variable `context`. Returned raw (split by `splitChunks`).
 */
export function contextOf(
  evalCase: EvalCase,
  response: TargetResponse,
  field: string | undefined,
): { value: unknown; source: string } {
  if (field === undefined && response.retrieved && response.retrieved.length > 0) {
    return { value: response.retrieved.map((c) => c.text), source: 'retrieved passages' };
  }
  const name = field ?? 'context';
  return { value: evalCase.vars[name], source: name };
}

export function questionOf(evalCase: EvalCase, name = 'question'): string | undefined {
  return asText(evalCase.vars[name]);
}

export function referenceOf(evalCase: EvalCase, name = 'expected'): string | undefined {
  return expectedValue(evalCase, name);
}

/** The score of a case that lacks an input the judge needs: 0 with a reason, the judge is not called. */
export function missingInput(metric: string, threshold: number, what: string, name: string): Score {
  return graded(metric, 0, threshold, `case has no ${what} in field "${name}"`);
}

/** Shorten a judge's reasoning for a one-line reason. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
