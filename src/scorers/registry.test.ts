import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EvalgateError } from '../core/errors.ts';
import type { EvalCase } from '../core/types.ts';
import { createScorers, getScorerDefinition, SCORERS } from './registry.ts';

const kase: EvalCase = { id: 'c1', source: { file: 'd.csv', row: 1 }, vars: {}, expected: '30 days' };
const env = { baseDir: '.', where: 'suites/x.yaml' };

function thrown(fn: () => unknown): EvalgateError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EvalgateError) return err;
    throw err;
  }
  throw new Error('expected an EvalgateError');
}

describe('scorer registry', () => {
  it('lists every type once, each schema strict with a type literal', () => {
    const types = SCORERS.map((d) => d.type);
    expect(types).toEqual([
      'exact',
      'contains',
      'regex',
      'json',
      'numeric',
      'latency',
      'tokens',
      'cost',
      'rubric',
      'correctness',
      'pairwise',
      'faithfulness',
      'answer-relevance',
      'context-precision',
      'context-recall',
      'retrieval',
      'citations',
      'guardrail',
      'routing',
    ]);
    for (const d of SCORERS) {
      expect(d.optionsSchema.safeParse({ type: d.type, name: 'n1', bogus: 1 }).success).toBe(false);
      expect(getScorerDefinition(d.type)).toBe(d);
    }
    expect(getScorerDefinition('bleu')).toBeUndefined();
  });

  it('the schemas build a discriminated union that exports to JSON Schema', () => {
    const union = z.discriminatedUnion(
      'type',
      SCORERS.map((d) => d.optionsSchema) as unknown as [z.ZodObject, ...z.ZodObject[]],
    );
    expect(union.safeParse({ type: 'contains', threshold: 1 }).success).toBe(true);
    expect(union.safeParse({ type: 'latency', threshold: 1 }).success).toBe(false);
    const json = z.toJSONSchema(z.array(union), { io: 'input' }) as {
      items: { oneOf?: unknown[]; anyOf?: unknown[] };
    };
    expect((json.items.oneOf ?? json.items.anyOf)?.length).toBe(19);
  });

  it('creates scorers in order that score a case', async () => {
    const scorers = createScorers([{ type: 'contains' }, { type: 'exact', name: 'exact_answer' }], env);
    expect(scorers.map((s) => [s.name, s.type])).toEqual([
      ['contains', 'contains'],
      ['exact_answer', 'exact'],
    ]);
    const response = { text: 'Within 30 days.', timing: { latencyMs: 1 } };
    const scores = await scorers[0]?.score(kase, response, { targetId: 't', modelId: 'm' });
    expect(scores).toEqual([{ metric: 'contains', value: 1, pass: true }]);
  });

  it('unknown type → CONFIG_REFERENCE naming the known types', () => {
    const err = thrown(() => createScorers([{ type: 'contains' }, { type: 'bleu' }], env));
    expect(err.code).toBe('CONFIG_REFERENCE');
    expect(err.message).toBe(
      'suites/x.yaml: scorers[1].type: unknown scorer "bleu" (known: exact, contains, regex, json, numeric, latency, tokens, cost, rubric, correctness, pairwise, faithfulness, answer-relevance, context-precision, context-recall, retrieval, citations, guardrail, routing)',
    );
  });

  it('invalid options → CONFIG_SCHEMA with the option path', () => {
    const err = thrown(() => createScorers([{ type: 'regex', pattern: '[a-' }], env));
    expect(err.code).toBe('CONFIG_SCHEMA');
    expect(err.message).toMatch(/^suites\/x\.yaml: scorers\[0\]\.pattern: Invalid regular expression/);
    expect(err.message).not.toContain('\n');
  });

  it('two scorers emitting the same metric → error asking for a distinct name', () => {
    const err = thrown(() => createScorers([{ type: 'contains' }, { type: 'contains', value: 'x' }], env));
    expect(err.message).toBe(
      'suites/x.yaml: scorers[1]: metric "contains" is already emitted by scorers[0]; give one a distinct name',
    );
    expect(() =>
      createScorers([{ type: 'contains' }, { type: 'contains', name: 'c2', value: 'x' }], env),
    ).not.toThrow();
  });

  it('errors from create carry the scorer index', () => {
    const err = thrown(() => createScorers([{ type: 'json', schemaFile: 'missing.json' }], env));
    expect(err.code).toBe('CONFIG_REFERENCE');
    expect(err.message).toBe('suites/x.yaml: scorers[0]: scorer "json": schemaFile missing.json not found');
  });
});

describe('which responses a scorer grades', () => {
  const evalCase: EvalCase = {
    id: 'q1',
    source: { file: 'q.jsonl', row: 1 },
    vars: { question: 'refunds?', relevant: [{ doc: 'billing/refunds', grade: 1 }] },
    expected: 'refund',
  };
  const ctx = { targetId: 't', modelId: 'm' };
  const timing = { latencyMs: 12 };
  const retrievalOnly = {
    retrieved: [{ docId: 'billing/refunds', text: 'Refunds within 14 days.' }],
    timing,
  };
  const textOnly = { text: 'a refund is possible', timing };
  const scorers = createScorers([{ type: 'contains' }, { type: 'retrieval', k: [1] }, { type: 'latency' }], {
    baseDir: '.',
  });
  const metrics = async (response: typeof retrievalOnly | typeof textOnly) =>
    (await Promise.all(scorers.map((s) => s.score(evalCase, response, ctx)))).flat().map((s) => s.metric);

  it('text scorers skip retrieval-only responses; retrieval scorers skip responses that retrieved nothing', async () => {
    expect(await metrics(retrievalOnly)).toEqual([
      'precision@1',
      'recall@1',
      'hit_rate@1',
      'ndcg@1',
      'mrr',
      'map',
      'latency_ms',
    ]);
    expect(await metrics(textOnly)).toEqual(['contains', 'latency_ms']);
  });
});
