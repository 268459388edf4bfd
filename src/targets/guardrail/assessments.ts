/**
 * Bedrock's guardrail assessments (ApplyGuardrail `assessments`, Converse `trace.guardrail`) → evalgate's
 * `GuardrailFinding`s: one finding per assessment entry, in the order Bedrock lists them (content filters, denied
 * topics, custom words, managed words, PII entities, regexes, contextual grounding).
 */
import type {
  ApplyGuardrailResponse,
  GuardrailAssessment,
  GuardrailTraceAssessment,
} from '@aws-sdk/client-bedrock-runtime';
import type { GuardrailFinding, GuardrailOutcome, GuardrailPolicy } from '../../core/types.ts';

const INTERVENED = 'GUARDRAIL_INTERVENED';

function _finding(
  policy: GuardrailPolicy,
  name: string | undefined,
  action: string | undefined,
  extra: Partial<GuardrailFinding> = {},
): GuardrailFinding {
  const f: GuardrailFinding = { policy, name: name ?? '', action: action ?? 'NONE' };
  for (const [k, v] of Object.entries(extra))
    if (v !== undefined) (f as unknown as Record<string, unknown>)[k] = v;
  return f;
}

/** Every entry of one assessment as a finding. */
export function findingsOf(a: GuardrailAssessment): GuardrailFinding[] {
  const out: GuardrailFinding[] = [];
  for (const f of a.contentPolicy?.filters ?? []) {
    const policy = f.type === 'PROMPT_ATTACK' ? 'prompt-attack' : 'content';
    out.push(_finding(policy, f.type, f.action, { confidence: f.confidence }));
  }
  for (const t of a.topicPolicy?.topics ?? []) out.push(_finding('topic', t.name, t.action));
  for (const w of a.wordPolicy?.customWords ?? [])
    out.push(_finding('word', w.match, w.action, { match: w.match }));
  for (const w of a.wordPolicy?.managedWordLists ?? []) {
    out.push(_finding('word', w.type ?? w.match, w.action, { match: w.match }));
  }
  for (const p of a.sensitiveInformationPolicy?.piiEntities ?? []) {
    out.push(_finding('pii', p.type, p.action, { match: p.match }));
  }
  for (const r of a.sensitiveInformationPolicy?.regexes ?? []) {
    out.push(_finding('regex', r.name ?? r.regex, r.action, { match: r.match }));
  }
  for (const g of a.contextualGroundingPolicy?.filters ?? []) {
    const policy = g.type === 'RELEVANCE' ? 'relevance' : 'grounding';
    out.push(_finding(policy, g.type, g.action, { score: g.score, threshold: g.threshold }));
  }
  return out;
}

/** Sum of the assessments' `guardrailProcessingLatency` (ms), or undefined when none reports one. */
export function processingMs(assessments: readonly GuardrailAssessment[]): number | undefined {
  const values = assessments
    .map((a) => a.invocationMetrics?.guardrailProcessingLatency)
    .filter((v): v is number => typeof v === 'number');
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
}

/** An ApplyGuardrail response → the outcome (`wallMs` stands in for latency when Bedrock reports none). */
export function outcomeOfApply(
  out: Pick<ApplyGuardrailResponse, 'action' | 'outputs' | 'assessments'>,
  source: 'INPUT' | 'OUTPUT',
  wallMs: number,
): GuardrailOutcome {
  const assessments = out.assessments ?? [];
  const outcome: GuardrailOutcome = {
    action: out.action ?? 'NONE',
    source,
    findings: assessments.flatMap(findingsOf),
    latencyMs: processingMs(assessments) ?? wallMs,
  };
  const text = out.outputs?.map((o) => o.text ?? '').join('');
  if (out.outputs && out.outputs.length > 0 && text !== undefined) outcome.outputText = text;
  return outcome;
}

/**
 * A Converse response's guardrail trace (and stop reason) → the outcome; undefined when the call carried no
 * guardrail trace and did not stop for the guardrail. Source is INPUT when the input assessment found anything
 * (the model was then not called), else OUTPUT.
 */
export function outcomeOfTrace(
  trace: GuardrailTraceAssessment | undefined,
  stopReason: string | undefined,
  text: string | undefined,
): GuardrailOutcome | undefined {
  const stopped = stopReason === 'guardrail_intervened';
  if (!trace && !stopped) return undefined;
  const input = Object.values(trace?.inputAssessment ?? {});
  const output = Object.values(trace?.outputAssessments ?? {}).flat();
  const inputFindings = input.flatMap(findingsOf);
  const outputFindings = output.flatMap(findingsOf);
  const acted = (f: GuardrailFinding) => f.action !== 'NONE';
  const source = inputFindings.some(acted) || (stopped && outputFindings.length === 0) ? 'INPUT' : 'OUTPUT';
  const findings = [...inputFindings, ...outputFindings];
  const outcome: GuardrailOutcome = {
    action: stopped || findings.some(acted) ? INTERVENED : 'NONE',
    source,
    findings,
  };
  const latency = processingMs([...input, ...output]);
  if (latency !== undefined) outcome.latencyMs = latency;
  if (outcome.action === INTERVENED && text !== undefined) outcome.outputText = text;
  return outcome;
}
