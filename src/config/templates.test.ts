import { describe, expect, it } from 'vitest';
import { EvalgateError } from '../core/errors.ts';
import type { EvalCase } from '../core/types.ts';
import type { LoadedSuite } from './load-suite.ts';
import type { Suite, SuiteTarget } from './schema.ts';
import { compileTemplate, renderPrompt } from './templates.ts';

const suite = {
  name: 's',
  datasets: [{ path: 'd.csv', onBadRow: 'skip' }],
  prompt: { version: '1', system: 'Policy: {{policy}}', template: 'unused' },
  targets: [],
  scorers: [{ type: 'exact' }],
  repeats: 1,
} as unknown as Suite;

const loaded = {
  suite,
  includes: { policy: 'Refunds within 30 days.' },
  template: 'Q {{id}}: {{question}} <{{expected}}>',
} as unknown as LoadedSuite;

const evalCase: EvalCase = {
  id: 'q1',
  source: { file: 'datasets/d.csv', row: 2 },
  vars: { id: 'q1', question: 'Can I return "shoes" & socks?' },
  expected: 'yes',
};

const target = (over: Partial<SuiteTarget> = {}): SuiteTarget => ({
  id: 't',
  model: 'amazon.nova-lite-v1:0',
  api: 'converse',
  concurrency: 4,
  timeoutMs: 60_000,
  ...over,
});

describe('compileTemplate', () => {
  it('does not HTML-escape and throws on a missing variable', () => {
    const fn = compileTemplate('{{a}} & {{b}}');
    expect(fn({ a: '<x> "y"', b: 1 })).toBe('<x> "y" & 1');
    expect(() => fn({ a: 1 })).toThrow(/"b" not defined/);
  });
});

describe('renderPrompt', () => {
  it('renders prompt and suite system prompt with includes, row vars, id and expected', () => {
    expect(renderPrompt(loaded, evalCase, target())).toEqual({
      prompt: 'Q q1: Can I return "shoes" & socks? <yes>',
      system: 'Policy: Refunds within 30 days.',
    });
  });

  it("uses the target's system override and inference config", () => {
    const t = target({ system: 'Be brief. {{policy}}', inference: { maxTokens: 50, temperature: 0 } });
    expect(renderPrompt(loaded, evalCase, t)).toEqual({
      prompt: 'Q q1: Can I return "shoes" & socks? <yes>',
      system: 'Be brief. Refunds within 30 days.',
      inferenceConfig: { maxTokens: 50, temperature: 0 },
    });
  });

  it('throws a one-line DATASET_ROW error naming the row when a variable is missing', () => {
    const jsonlCase: EvalCase = { id: 'x', source: { file: 'datasets/d.jsonl', row: 4 }, vars: { id: 'x' } };
    let caught: unknown;
    try {
      renderPrompt(loaded, jsonlCase, target());
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EvalgateError);
    const err = caught as EvalgateError;
    expect(err.code).toBe('DATASET_ROW');
    expect(err.where).toBe('datasets/d.jsonl line 4');
    expect(err.message).toMatch(
      /^datasets\/d\.jsonl line 4: cannot render the prompt: "question" not defined/,
    );
    expect(err.message).not.toContain('\n');
  });
});
