import type { ApplyGuardrailResponse, GuardrailTraceAssessment } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { guardrailContent } from '../guardrail.ts';
import { outcomeOfApply, outcomeOfTrace } from './assessments.ts';

/** An ApplyGuardrail response in AWS's shape (as the SDK deserialises it), one entry of every policy family. */
const APPLY: ApplyGuardrailResponse = {
  usage: {
    topicPolicyUnits: 1,
    contentPolicyUnits: 1,
    wordPolicyUnits: 1,
    sensitiveInformationPolicyUnits: 1,
    sensitiveInformationPolicyFreeUnits: 0,
    contextualGroundingPolicyUnits: 1,
  },
  action: 'GUARDRAIL_INTERVENED',
  outputs: [{ text: "Sorry, I can't help with that request." }],
  assessments: [
    {
      contentPolicy: {
        filters: [
          { type: 'VIOLENCE', confidence: 'HIGH', filterStrength: 'HIGH', action: 'BLOCKED', detected: true },
          {
            type: 'PROMPT_ATTACK',
            confidence: 'MEDIUM',
            filterStrength: 'HIGH',
            action: 'BLOCKED',
            detected: true,
          },
        ],
      },
      topicPolicy: { topics: [{ name: 'legal-advice', type: 'DENY', action: 'BLOCKED', detected: true }] },
      wordPolicy: {
        customWords: [{ match: 'Project Falcon', action: 'BLOCKED', detected: true }],
        managedWordLists: [{ match: 'damn', type: 'PROFANITY', action: 'BLOCKED', detected: true }],
      },
      sensitiveInformationPolicy: {
        piiEntities: [{ match: 'jane@example.com', type: 'EMAIL', action: 'ANONYMIZED', detected: true }],
        regexes: [
          { name: 'acme-account-id', match: 'ACME-12345678', regex: 'ACME-[0-9]{8}', action: 'ANONYMIZED' },
        ],
      },
      contextualGroundingPolicy: {
        filters: [
          { type: 'GROUNDING', threshold: 0.7, score: 0.31, action: 'BLOCKED', detected: true },
          { type: 'RELEVANCE', threshold: 0.5, score: 0.92, action: 'NONE', detected: false },
        ],
      },
      invocationMetrics: { guardrailProcessingLatency: 212 },
    },
  ],
};

describe('ApplyGuardrail response → GuardrailOutcome', () => {
  it('maps every assessment entry to a finding, in Bedrock order', () => {
    const o = outcomeOfApply(APPLY, 'INPUT', 250.5);
    expect(o.action).toBe('GUARDRAIL_INTERVENED');
    expect(o.source).toBe('INPUT');
    expect(o.outputText).toBe("Sorry, I can't help with that request.");
    expect(o.latencyMs).toBe(212);
    expect(o.findings).toEqual([
      { policy: 'content', name: 'VIOLENCE', action: 'BLOCKED', confidence: 'HIGH' },
      { policy: 'prompt-attack', name: 'PROMPT_ATTACK', action: 'BLOCKED', confidence: 'MEDIUM' },
      { policy: 'topic', name: 'legal-advice', action: 'BLOCKED' },
      { policy: 'word', name: 'Project Falcon', action: 'BLOCKED', match: 'Project Falcon' },
      { policy: 'word', name: 'PROFANITY', action: 'BLOCKED', match: 'damn' },
      { policy: 'pii', name: 'EMAIL', action: 'ANONYMIZED', match: 'jane@example.com' },
      { policy: 'regex', name: 'acme-account-id', action: 'ANONYMIZED', match: 'ACME-12345678' },
      { policy: 'grounding', name: 'GROUNDING', action: 'BLOCKED', score: 0.31, threshold: 0.7 },
      { policy: 'relevance', name: 'RELEVANCE', action: 'NONE', score: 0.92, threshold: 0.5 },
    ]);
  });

  it('a pass has no output text and falls back to the wall-clock latency', () => {
    const o = outcomeOfApply({ action: 'NONE', outputs: [], assessments: [{}] }, 'OUTPUT', 41);
    expect(o).toEqual({ action: 'NONE', source: 'OUTPUT', findings: [], latencyMs: 41 });
  });
});

describe('Converse guardrail trace → GuardrailOutcome', () => {
  const input: GuardrailTraceAssessment = {
    inputAssessment: {
      acmesupport01: {
        topicPolicy: { topics: [{ name: 'investment-advice', type: 'DENY', action: 'BLOCKED' }] },
      },
    },
  };
  it('an input block: source INPUT, intervened, the blocked messaging as output text', () => {
    const o = outcomeOfTrace(input, 'guardrail_intervened', "Sorry, I can't help with that request.");
    expect(o).toEqual({
      action: 'GUARDRAIL_INTERVENED',
      source: 'INPUT',
      findings: [{ policy: 'topic', name: 'investment-advice', action: 'BLOCKED' }],
      outputText: "Sorry, I can't help with that request.",
    });
  });

  it('an output mask: source OUTPUT; processing latency summed over assessments', () => {
    const trace: GuardrailTraceAssessment = {
      inputAssessment: { g: { invocationMetrics: { guardrailProcessingLatency: 20 } } },
      outputAssessments: {
        g: [
          {
            sensitiveInformationPolicy: {
              piiEntities: [{ match: '555-0100', type: 'PHONE', action: 'ANONYMIZED' }],
              regexes: [],
            },
            invocationMetrics: { guardrailProcessingLatency: 30 },
          },
        ],
      },
    };
    const o = outcomeOfTrace(trace, 'guardrail_intervened', 'Call {PHONE}.');
    expect(o).toMatchObject({
      action: 'GUARDRAIL_INTERVENED',
      source: 'OUTPUT',
      latencyMs: 50,
      outputText: 'Call {PHONE}.',
    });
    expect(o?.findings).toEqual([{ policy: 'pii', name: 'PHONE', action: 'ANONYMIZED', match: '555-0100' }]);
  });

  it('no trace and a normal stop → undefined; a stop without a trace → intervened, no findings', () => {
    expect(outcomeOfTrace(undefined, 'end_turn', 'hi')).toBeUndefined();
    expect(outcomeOfTrace(undefined, 'guardrail_intervened', 'Sorry.')).toEqual({
      action: 'GUARDRAIL_INTERVENED',
      source: 'INPUT',
      findings: [],
      outputText: 'Sorry.',
    });
  });
});

describe('ApplyGuardrail content blocks', () => {
  it('the text alone, or grounding source + query + the text as guard_content', () => {
    expect(guardrailContent({ prompt: 'hi' })).toEqual([{ text: { text: 'hi' } }]);
    expect(
      guardrailContent({
        prompt: 'ans',
        guardrail: { source: 'OUTPUT', groundingSource: 'src', query: 'q' },
      }),
    ).toEqual([
      { text: { text: 'src', qualifiers: ['grounding_source'] } },
      { text: { text: 'q', qualifiers: ['query'] } },
      { text: { text: 'ans', qualifiers: ['guard_content'] } },
    ]);
  });
});
