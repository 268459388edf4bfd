/**
 * ApplyGuardrail over a resolved guardrail version: every policy evaluated on the guarded text, the response
 * assembled in Bedrock's shapes (ApplyGuardrailResponse / GuardrailAssessment member names).
 *
 * - Guarded text = content blocks without qualifiers or qualified `guard_content`; `grounding_source` and
 *   `query` blocks feed the contextual grounding check only (OUTPUT source).
 * - action GUARDRAIL_INTERVENED when any policy BLOCKED (outputs = [blocked message of the source]) or, short
 *   of that, any PII was ANONYMIZED (outputs = each guarded block, masked); otherwise NONE with outputs [].
 * - outputScope INTERVENTIONS (default) lists the findings that were detected; FULL also lists the evaluated
 *   content filters that did not fire (detected: false). Grounding filters are always listed with their score.
 */
import { type ContentFilterResult, evaluateContentFilters } from './content-filter.ts';
import type { ResolvedGuardrail, Source } from './definition.ts';
import { evaluateGrounding, type GroundingFilterResult } from './grounding.ts';
import { evaluatePii, type PiiEntityResult, type RegexResult } from './pii.ts';
import { evaluateTopics, type TopicResult } from './topics.ts';
import { findCustomWords, findProfanity, type ManagedWordMatch, type WordMatch } from './words.ts';

export interface GuardrailTextInput {
  text: string;
  qualifiers?: string[];
}

export interface ApplyInput {
  source: Source;
  content: GuardrailTextInput[];
  outputScope?: 'INTERVENTIONS' | 'FULL';
}

export interface GuardrailUsage {
  topicPolicyUnits: number;
  contentPolicyUnits: number;
  wordPolicyUnits: number;
  sensitiveInformationPolicyUnits: number;
  sensitiveInformationPolicyFreeUnits: number;
  contextualGroundingPolicyUnits: number;
}

export interface GuardrailAssessment {
  topicPolicy?: { topics: TopicResult[] };
  contentPolicy?: { filters: ContentFilterResult[] };
  wordPolicy?: { customWords: WordMatch[]; managedWordLists: ManagedWordMatch[] };
  sensitiveInformationPolicy?: { piiEntities: PiiEntityResult[]; regexes: RegexResult[] };
  contextualGroundingPolicy?: { filters: GroundingFilterResult[] };
  invocationMetrics: {
    guardrailProcessingLatency: number;
    usage: GuardrailUsage;
    guardrailCoverage: { textCharacters: { guarded: number; total: number } };
  };
}

export interface ApplyOutput {
  usage: GuardrailUsage;
  action: 'NONE' | 'GUARDRAIL_INTERVENED';
  actionReason?: string;
  outputs: Array<{ text: string }>;
  assessments: GuardrailAssessment[];
  guardrailCoverage: { textCharacters: { guarded: number; total: number } };
}

const _UNIT_CHARS = 1000;

function _isGuarded(b: GuardrailTextInput): boolean {
  return !b.qualifiers?.length || b.qualifiers.includes('guard_content');
}

function _joined(blocks: GuardrailTextInput[], qualifier: string): string | undefined {
  const hits = blocks.filter((b) => b.qualifiers?.includes(qualifier));
  return hits.length ? hits.map((b) => b.text).join('\n') : undefined;
}

function _usage(g: ResolvedGuardrail, guardedChars: number, groundingChars: number): GuardrailUsage {
  const units = Math.ceil(guardedChars / _UNIT_CHARS);
  const sip = g.sensitiveInformationPolicyConfig;
  return {
    topicPolicyUnits: g.topicPolicyConfig ? units : 0,
    contentPolicyUnits: g.contentPolicyConfig ? units : 0,
    wordPolicyUnits: g.wordPolicyConfig ? units : 0,
    sensitiveInformationPolicyUnits: sip?.regexesConfig?.length ? units : 0,
    sensitiveInformationPolicyFreeUnits: sip && !sip.regexesConfig?.length ? units : 0,
    contextualGroundingPolicyUnits: Math.ceil(groundingChars / _UNIT_CHARS),
  };
}

/** Apply one guardrail version to a request (pure apart from the measured processing latency). */
export function applyGuardrail(g: ResolvedGuardrail, input: ApplyInput): ApplyOutput {
  const started = performance.now();
  const { source } = input;
  const guarded = input.content.filter(_isGuarded);
  const text = guarded.map((b) => b.text).join('\n');
  const full = input.outputScope === 'FULL';
  const a: Partial<GuardrailAssessment> = {};

  const filters = evaluateContentFilters(g.contentPolicyConfig?.filtersConfig ?? [], source, text);
  const shownFilters = full ? filters : filters.filter((f) => f.detected);
  if (shownFilters.length) a.contentPolicy = { filters: shownFilters };

  const topics = evaluateTopics(g.topicPolicyConfig?.topicsConfig ?? [], source, text);
  if (topics.length) a.topicPolicy = { topics };

  const wp = g.wordPolicyConfig;
  const customWords = findCustomWords(wp?.wordsConfig ?? [], source, text);
  const managedWordLists = (wp?.managedWordListsConfig ?? [])
    .filter((m) => (source === 'INPUT' ? m.inputEnabled : m.outputEnabled) !== false)
    .flatMap((m) =>
      findProfanity(text, ((source === 'INPUT' ? m.inputAction : m.outputAction) ?? 'BLOCK') === 'BLOCK'),
    );
  if (customWords.length || managedWordLists.length) a.wordPolicy = { customWords, managedWordLists };

  const sip = g.sensitiveInformationPolicyConfig;
  const pii = guarded.map((b) =>
    evaluatePii(sip?.piiEntitiesConfig ?? [], sip?.regexesConfig ?? [], source, b.text),
  );
  const piiEntities = pii.flatMap((p) => p.piiEntities);
  const regexes = pii.flatMap((p) => p.regexes);
  if (piiEntities.length || regexes.length) a.sensitiveInformationPolicy = { piiEntities, regexes };

  const groundingSource = _joined(input.content, 'grounding_source');
  const query = _joined(input.content, 'query');
  const grounding =
    source === 'OUTPUT'
      ? evaluateGrounding(
          g.contextualGroundingPolicyConfig?.filtersConfig ?? [],
          text,
          groundingSource,
          query,
        )
      : [];
  if (grounding.length) a.contextualGroundingPolicy = { filters: grounding };

  const blocked =
    filters.some((f) => f.action === 'BLOCKED') ||
    topics.some((t) => t.action === 'BLOCKED') ||
    [...customWords, ...managedWordLists].some((w) => w.action === 'BLOCKED') ||
    pii.some((p) => p.blocked) ||
    grounding.some((f) => f.action === 'BLOCKED');
  const anonymized = !blocked && pii.some((p) => p.anonymized);

  const total = input.content.reduce((n, b) => n + b.text.length, 0);
  const coverage = { textCharacters: { guarded: text.length, total } };
  const groundingChars = grounding.length ? total : 0;
  const usage = _usage(g, text.length, groundingChars);
  const latency = Math.max(1, Math.round(performance.now() - started));
  const assessment: GuardrailAssessment = {
    ...a,
    invocationMetrics: { guardrailProcessingLatency: latency, usage, guardrailCoverage: coverage },
  };
  const blockedMessage = source === 'INPUT' ? g.blockedInputMessaging : g.blockedOutputsMessaging;
  return {
    usage,
    action: blocked || anonymized ? 'GUARDRAIL_INTERVENED' : 'NONE',
    ...(blocked
      ? { actionReason: 'Guardrail blocked.' }
      : anonymized
        ? { actionReason: 'Guardrail masked.' }
        : {}),
    outputs: blocked ? [{ text: blockedMessage }] : anonymized ? pii.map((p) => ({ text: p.masked })) : [],
    assessments: [assessment],
    guardrailCoverage: coverage,
  };
}
