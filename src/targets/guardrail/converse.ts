/**
 * A guardrail attached to Converse / ConverseStream calls (`guardrail: {id, version, trace}` on a converse
 * target): the request's `guardrailConfig`, and the response's guardrail outcome from `trace.guardrail` and the
 * `guardrail_intervened` stop reason.
 */
import type { ConverseCommandInput, ConverseTrace } from '@aws-sdk/client-bedrock-runtime';
import type { GuardrailOutcome } from '../../core/types.ts';
import type { TargetSpec } from '../types.ts';
import { outcomeOfTrace } from './assessments.ts';

/** Converse `guardrailConfig` for a target with a `guardrail:` block (trace enabled unless the suite says not). */
export function converseGuardrailConfig(spec: TargetSpec): ConverseCommandInput['guardrailConfig'] {
  const g = spec.guardrail;
  if (!g) return undefined;
  return { guardrailIdentifier: g.id, guardrailVersion: g.version, trace: g.trace ?? 'enabled' };
}

/** The guardrail outcome of a Converse answer, for targets that attach a guardrail (undefined for the others). */
export function converseGuardrailOutcome(
  spec: TargetSpec,
  trace: ConverseTrace | undefined,
  stopReason: string | undefined,
  text: string | undefined,
): GuardrailOutcome | undefined {
  if (!spec.guardrail) return undefined;
  return (
    outcomeOfTrace(trace?.guardrail, stopReason, text) ?? { action: 'NONE', source: 'INPUT', findings: [] }
  );
}
