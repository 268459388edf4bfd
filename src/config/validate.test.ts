import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ScorerDefinition } from '../scorers/types.ts';
import { formatPath } from './issues.ts';
import { TARGET_APIS } from './schema.ts';
import { validateSuiteData } from './validate.ts';

/** A stand-in registry: proves the `scorers:` items follow whatever definitions are registered. */
const STUB: ScorerDefinition[] = [
  {
    type: 'bleu',
    description: 'stub',
    metrics: () => ['bleu'],
    optionsSchema: z.strictObject({
      type: z.literal('bleu'),
      name: z.string().optional(),
      n: z.number().int(),
    }),
    create: () => ({ name: 'bleu', type: 'bleu', score: () => [] }),
  },
  {
    type: 'exact',
    description: 'stub',
    metrics: () => ['exact'],
    optionsSchema: z.strictObject({ type: z.literal('exact'), name: z.string().optional() }),
    create: () => ({ name: 'exact', type: 'exact', score: () => [] }),
  },
];

const minimal = () => ({
  name: 'demo',
  datasets: [{ path: 'd.csv' }],
  prompt: { version: '1.0.0', template: '{{q}}' },
  targets: [{ id: 'a', model: 'amazon.nova-lite-v1:0' }],
  scorers: [{ type: 'exact' }],
});

function problems(data: unknown): string[] {
  const result = validateSuiteData(data, STUB);
  return result.ok ? [] : result.issues.map((i) => `${formatPath(i.display ?? i.path)}: ${i.message}`);
}

describe('validateSuiteData', () => {
  it('applies defaults', () => {
    const result = validateSuiteData(minimal(), STUB);
    expect(result.ok && result.suite).toEqual({
      ...minimal(),
      datasets: [{ path: 'd.csv', onBadRow: 'skip' }],
      targets: [
        { id: 'a', model: 'amazon.nova-lite-v1:0', api: 'converse', concurrency: 4, timeoutMs: 60_000 },
      ],
      repeats: 1,
    });
  });

  it('validates scorer items against the registered definitions', () => {
    const ok = validateSuiteData({ ...minimal(), scorers: [{ type: 'bleu', n: 4 }] }, STUB);
    expect(ok.ok && ok.suite.scorers).toEqual([{ type: 'bleu', n: 4 }]);
    expect(problems({ ...minimal(), scorers: [{ type: 'exact' }, { type: 'rouge' }] })).toEqual([
      'scorers[1].type: unknown scorer "rouge" (known: bleu, exact)',
    ]);
    expect(problems({ ...minimal(), scorers: [{ type: 'bleu', n: 'four', extra: 1 }] })).toEqual([
      'scorers[0].n: expected a number, got "four"',
      'scorers[0]: unknown key "extra" (allowed: type, name, n)',
    ]);
    expect(problems({ ...minimal(), scorers: [{ name: 'x' }] })).toEqual([
      'scorers[0].type: missing required field (expected one of bleu, exact)',
    ]);
  });

  it('words schema problems plainly', () => {
    const data = {
      ...minimal(),
      name: 'Demo Suite',
      repeats: 2.5,
      datasets: [{ path: 'd.txt', onBadRow: 'ignore', limit: 0 }],
      targets: [{ id: 'a b', model: 'm', api: 'chat', concurrency: 1000, inference: { temperature: 'hot' } }],
      gate: { candidate: 'a', rules: [{ metric: 'exact', stat: 'avg' }] },
    };
    expect(problems(data)).toEqual([
      'name: expected lowercase letters, digits, "-" or "_"',
      'datasets[0].path: expected a path ending in .csv or .jsonl',
      'datasets[0].onBadRow: expected one of skip, fail, got "ignore"',
      'datasets[0].limit: expected a number >= 1, got 0',
      'targets[0].id: expected letters, digits, ".", "_", "@" or "-"',
      `targets[0].api: expected one of ${TARGET_APIS.join(', ')}, got "chat"`,
      'targets[0].inference.temperature: expected a number, got "hot"',
      'targets[0].concurrency: expected a number <= 256, got 1000',
      'repeats: expected an integer, got 2.5',
      'gate.rules[0].stat: expected one of mean, pass_rate, p50, p90, p95, p99, max, min, sum, got "avg"',
    ]);
  });

  it('reports missing fields, template xor file, and gate rules without bounds', () => {
    expect(
      problems({ name: 'x', datasets: [], prompt: { version: '1' }, targets: [{ id: 'a' }], scorers: [] }),
    ).toEqual([
      'datasets: expected at least 1 item, got 0 items',
      'prompt.template: missing required field template (or file)',
      'targets[0].model: missing required field (expected a string)',
      'scorers: expected at least 1 item, got 0 items',
    ]);
    const gate = { candidate: 'a', rules: [{ metric: 'exact' }] };
    expect(problems({ ...minimal(), gate })).toEqual([
      'gate.rules[0]: expected min and/or max, or nonInferiority, or maxRatio',
    ]);
    expect(problems({ ...minimal(), prompt: { version: '1', template: 'a', file: 'b.hbs' } })).toEqual([
      'prompt.file: give either template or file, not both',
    ]);
  });

  it('names unknown keys with what is allowed, and rejects a non-mapping suite', () => {
    expect(problems({ ...minimal(), reapeats: 2 })).toEqual([
      '(suite): unknown key "reapeats" (allowed: name, description, datasets, prompt, prompts, targets, scorers, repeats, prices, gate, select, batch)',
    ]);
    expect(problems({ ...minimal(), prices: { 'amazon.nova-lite-v1:0': { input: 1, outptu: 2 } } })).toEqual([
      'prices["amazon.nova-lite-v1:0"]: unknown key "outptu" (allowed: input, output, cacheRead, cacheWrite, batchDiscount, provisionedPerHour, regions)',
      'prices["amazon.nova-lite-v1:0"].output: missing required field (expected a number: input and output go together)',
    ]);
    expect(problems(null)).toEqual([
      '(suite): the suite is empty (expected a mapping with name, datasets, prompt, targets, scorers)',
    ]);
    expect(problems(['a'])).toEqual(['(suite): expected a mapping, got a list']);
  });
});
