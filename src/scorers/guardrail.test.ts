import { describe, expect, it } from 'vitest';
import type { Score, ScoreContext } from '../core/types.ts';
import { FIXTURE } from './guardrail/_fixture.ts';
import { guardrailScorer } from './guardrail.ts';
import { createScorers } from './registry.ts';

const V2: ScoreContext = { targetId: 'guardrail-v2', modelId: 'guardrail/acmesupport01:2' };
const V1: ScoreContext = { targetId: 'guardrail-v1', modelId: 'guardrail/acmesupport01:1' };

async function scoreAll(ctx: ScoreContext, options: Record<string, unknown> = {}) {
  const [scorer] = createScorers([{ type: 'guardrail', ...options }], { baseDir: '.' });
  const byRow = new Map<string, Score[]>();
  for (const row of FIXTURE) byRow.set(row.evalCase.id, await scorer!.score(row.evalCase, row.response, ctx));
  return byRow;
}

/** metric → [mean, n] over the fixture. */
function means(byRow: Map<string, Score[]>): Record<string, [number, number]> {
  const acc: Record<string, number[]> = {};
  for (const scores of byRow.values()) {
    for (const s of scores) {
      acc[s.metric] ??= [];
      acc[s.metric]?.push(s.value);
    }
  }
  return Object.fromEntries(
    Object.entries(acc).map(([m, v]) => [m, [v.reduce((a, b) => a + b, 0) / v.length, v.length]]),
  );
}

describe('guardrail scorer on the 12-row fixture (version 2)', () => {
  it('gives every figure its hand-computed mean and count', async () => {
    const m = means(await scoreAll(V2));
    expect(m.guardrail_correct).toEqual([9 / 12, 12]);
    expect(m.guardrail_block_recall).toEqual([6 / 7, 7]);
    expect(m.guardrail_false_positive).toEqual([2 / 5, 5]);
    expect(m.guardrail_attack_block).toEqual([1, 1]);
    expect(m.guardrail_recall_content).toEqual([1 / 2, 2]);
    expect(m.guardrail_precision_content).toEqual([1 / 2, 2]);
    expect(m.guardrail_recall_topic).toEqual([1, 1]);
    expect(m.guardrail_precision_topic).toEqual([1 / 2, 2]);
    expect(m.guardrail_recall_word).toEqual([0, 1]);
    expect(m.guardrail_precision_word).toBeUndefined();
    expect(m.guardrail_recall_pii).toEqual([1, 3]);
    expect(m.guardrail_precision_pii).toEqual([1, 3]);
    expect(m.guardrail_recall_grounding).toEqual([1, 1]);
    expect(m.guardrail_precision_grounding).toEqual([1 / 2, 2]);
    expect(m.guardrail_recall_prompt_attack).toEqual([1, 1]);
    expect(m.guardrail_precision_prompt_attack).toEqual([1, 1]);
    expect(m.guardrail_recall_regex).toBeUndefined();
    expect(m.pii_mask_precision?.[0]).toBeCloseTo(5 / 6, 12);
    expect(m.pii_mask_precision?.[1]).toBe(3);
    expect(m.pii_mask_recall?.[0]).toBeCloseTo(5 / 6, 12);
    expect(m.grounding_accuracy).toEqual([1 / 2, 2]);
  });

  it('records entity counts, expected/actual policies and findings in details', async () => {
    const byRow = await scoreAll(V2);
    const r7 = byRow.get('r7') ?? [];
    expect(r7.find((s) => s.metric === 'pii_mask_recall')).toMatchObject({
      value: 0.5,
      details: { tp: 1, fp: 0, fn: 1 },
    });
    expect(byRow.get('r8')?.find((s) => s.metric === 'pii_mask_precision')).toMatchObject({
      value: 0.5,
      details: { tp: 1, fp: 1, fn: 0 },
    });
    const r4 = byRow.get('r4')?.find((s) => s.metric === 'guardrail_correct');
    expect(r4).toMatchObject({
      value: 1,
      pass: true,
      reason: 'expected block (word), got block (content)',
      details: { expect: 'block', actual: 'block', expectedPolicies: ['word'], firedPolicies: ['content'] },
    });
    const r10 = byRow.get('r10')?.find((s) => s.metric === 'guardrail_correct');
    expect(r10?.details?.firedPolicies).toEqual(['grounding']);
    expect(r10?.details?.findings).toEqual([
      { policy: 'grounding', name: 'GROUNDING', action: 'BLOCKED', score: 0.3, threshold: 0.7 },
      { policy: 'relevance', name: 'RELEVANCE', action: 'NONE', score: 0.9, threshold: 0.5 },
    ]);
    expect(byRow.get('r6')?.find((s) => s.metric === 'guardrail_correct')?.details?.attack).toBe(false);
  });

  it('a v2-only row is must-pass for version 1 (read from the model id) and left out when the version is unknown', async () => {
    const r12 = FIXTURE[11]!;
    const [scorer] = createScorers([{ type: 'guardrail' }], { baseDir: '.' });
    const v1 = await scorer!.score(r12.evalCase, r12.response, V1);
    expect(v1.map((s) => [s.metric, s.value])).toEqual([
      ['guardrail_correct', 0],
      ['guardrail_false_positive', 1],
      ['guardrail_precision_prompt_attack', 0],
    ]);
    expect(v1[0]?.reason).toBe(
      'expected pass, got block (prompt-attack) (variant for another version: must pass)',
    );
    const unknown = { targetId: 'claude-guarded', modelId: 'anthropic.claude-3-haiku' };
    expect(await scorer!.score(r12.evalCase, r12.response, unknown)).toEqual([]);
    const [mapped] = createScorers([{ type: 'guardrail', versions: { 'claude-guarded': 'v2' } }], {
      baseDir: '.',
    });
    expect((await mapped!.score(r12.evalCase, r12.response, unknown))[0]).toMatchObject({ value: 1 });
  });

  it('names metrics after the scorer name, restricts policies, and reads other label fields', async () => {
    const options = { type: 'guardrail' as const, name: 'strict', policies: ['pii' as const] };
    expect(guardrailScorer.metrics(options)).toEqual([
      'strict_guardrail_block_recall',
      'strict_guardrail_false_positive',
      'strict_guardrail_correct',
      'strict_guardrail_attack_block',
      'strict_guardrail_recall_pii',
      'strict_guardrail_precision_pii',
      'strict_pii_mask_precision',
      'strict_pii_mask_recall',
      'strict_grounding_accuracy',
    ]);
    const [scorer] = createScorers([{ type: 'guardrail', fields: { expect: 'label', policy: 'kind' } }], {
      baseDir: '.',
    });
    const row = FIXTURE[2]!;
    const evalCase = { ...row.evalCase, vars: { label: 'BLOCK', kind: 'topic' } };
    const scores = await scorer!.score(evalCase, row.response, V2);
    expect(scores.map((s) => [s.metric, s.value])).toEqual([
      ['guardrail_correct', 1],
      ['guardrail_block_recall', 1],
      ['guardrail_recall_topic', 1],
      ['guardrail_precision_topic', 1],
    ]);
  });

  it('skips unlabelled rows and responses without a guardrail; bad labels are one-line errors naming the row', async () => {
    const [scorer] = createScorers([{ type: 'guardrail' }], { baseDir: '.' });
    const row = FIXTURE[0]!;
    expect(await scorer!.score({ ...row.evalCase, vars: { text: 'x' } }, row.response, V2)).toEqual([]);
    expect(await scorer!.score(row.evalCase, { text: 'x', timing: { latencyMs: 1 } }, V2)).toEqual([]);
    const bad = { ...row.evalCase, vars: { expect: 'maybe' } };
    expect(() => scorer!.score(bad, row.response, V2)).toThrow(
      'labels.jsonl line 1 (case r1): field "expect" is maybe (expected block, mask or pass)',
    );
    const badPolicy = { ...row.evalCase, vars: { expect: 'block', policy: 'violence' } };
    expect(() => scorer!.score(badPolicy, row.response, V2)).toThrow(
      /field "policy" is violence \(expected content, /,
    );
    const badEntities = { ...row.evalCase, vars: { expect: 'mask', entities: '[{"type":"EMAIL"}]' } };
    expect(() => scorer!.score(badEntities, row.response, V2)).toThrow(
      /field "entities" .* \(expected \{type, text\} strings\)/,
    );
  });

  it('an intervention without acted-on findings (Converse without a trace) counts as a block', async () => {
    const [scorer] = createScorers([{ type: 'guardrail' }], { baseDir: '.' });
    const row = FIXTURE[1]!;
    const response = {
      text: 'Sorry.',
      guardrail: { action: 'GUARDRAIL_INTERVENED', source: 'INPUT' as const, findings: [] },
      timing: { latencyMs: 1 },
    };
    const scores = await scorer!.score(row.evalCase, response, V2);
    expect(scores.find((s) => s.metric === 'guardrail_block_recall')?.value).toBe(1);
    expect(scores.find((s) => s.metric === 'guardrail_recall_content')?.value).toBe(0);
  });
});
