/** Helpers shared by the scorer files: common option fields, expected-value lookup, score builders. */
import { z } from 'zod';
import type { EvalCase, Score } from '../core/types.ts';

/** `name:` of a scorer instance; single-metric scorers also use it as their metric name. */
export const nameField = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'must start with a letter and contain only letters, digits, _ . -')
  .describe('Name of this scorer instance, unique within the suite (defaults to its type).');

/** `threshold:` of a graded scorer: pass = value >= threshold. */
export const thresholdField = z
  .number()
  .min(0)
  .max(1)
  .describe('Pass when the score value is >= threshold (default 1).');

/** `max:` of an operational scorer (latency, tokens, cost): pass = value <= max. */
export function maxField(what: string, integer = false) {
  const base = integer ? z.number().int().nonnegative() : z.number().nonnegative();
  return base.describe(`Pass when ${what} is <= max; without max no pass/fail is recorded.`);
}

/** Stringify a dataset value for comparison; `undefined` for missing or empty values. */
export function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text === '' ? undefined : text;
}

/**
 * The expected answer for a case: `evalCase.expected` for the field `expected` (the default), falling back to
 * `evalCase.vars[field]`. Empty strings count as missing (an empty CSV cell).
 */
export function expectedValue(evalCase: EvalCase, field = 'expected'): string | undefined {
  if (field === 'expected') {
    const direct = asText(evalCase.expected);
    if (direct !== undefined) return direct;
  }
  return asText(evalCase.vars[field]);
}

/** A graded score: pass = value >= threshold (default 1). */
export function graded(metric: string, value: number, threshold: number | undefined, reason?: string): Score {
  const score: Score = { metric, value, pass: value >= (threshold ?? 1) };
  if (reason !== undefined) score.reason = reason;
  return score;
}

/** The score a text scorer returns when the response carries no text. */
export function noOutputText(metric: string, threshold: number | undefined): Score {
  return graded(metric, 0, threshold, 'no output text');
}

/** An operational score: pass = value <= max, only when max is given. */
export function capped(metric: string, value: number, max: number | undefined, unit: string): Score {
  if (max === undefined) return { metric, value };
  const pass = value <= max;
  return pass
    ? { metric, value, pass }
    : { metric, value, pass, reason: `${value} ${unit} > max ${max} ${unit}` };
}

/** Quote a piece of text for a one-line reason, shortened to `max` characters. */
export function quote(text: string, max = 80): string {
  const short = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return JSON.stringify(short);
}

/**
 * A score of a multi-metric scorer with `threshold` + `passMetric`: pass/fail only on the metric `passMetric`
 * names (`key`: the name it is compared by, e.g. the base metric before a `<name>_` prefix).
 */
export function passOn(
  o: { threshold?: number; passMetric?: string },
  key: string,
  metric: string,
  value: number,
  reason?: string,
): Score {
  const score: Score = { metric, value };
  if (o.passMetric === key && o.threshold !== undefined) score.pass = value >= o.threshold;
  if (reason !== undefined) score.reason = reason;
  return score;
}
