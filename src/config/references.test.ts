import { describe, expect, it } from 'vitest';
import { formatPath } from './issues.ts';
import { isBedrockModelId, validateSuiteReferences } from './references.ts';
import type { Suite } from './schema.ts';

const suite = (over: Partial<Suite> = {}): Suite => ({
  name: 'demo',
  datasets: [{ path: 'd.csv', onBadRow: 'skip' }],
  prompt: { version: '1', template: '{{q}}' },
  targets: [
    { id: 'lite', model: 'amazon.nova-lite-v1:0', api: 'converse', concurrency: 4, timeoutMs: 60_000 },
    { id: 'pro', model: 'us.amazon.nova-pro-v1:0', api: 'converse', concurrency: 4, timeoutMs: 60_000 },
  ],
  scorers: [{ type: 'exact' }],
  repeats: 1,
  ...over,
});

const messages = (s: Suite, known?: Set<string>) =>
  validateSuiteReferences(s, { knownModels: known }).map((i) => `${formatPath(i.path)}: ${i.message}`);

describe('isBedrockModelId', () => {
  it.each([
    'amazon.nova-lite-v1:0',
    'anthropic.claude-3-5-sonnet-20240620-v1:0',
    'anthropic.claude-3-haiku-20240307-v1:0:200k',
    'meta.llama3-1-70b-instruct-v1:0',
    'us.amazon.nova-lite-v1:0',
    'global.anthropic.claude-sonnet-4-20250514-v1:0',
    'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0',
    'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0',
    'arn:aws:bedrock:eu-west-1:123456789012:provisioned-model/abc123def456',
  ])('accepts %s', (id) => expect(isBedrockModelId(id)).toBe(true));

  it.each([
    'nova-lite',
    'Amazon.Nova',
    'amazon.',
    'gpt-4o',
    'arn:aws:s3:::bucket/key',
    `a.${'b'.repeat(80)}`,
  ])('rejects %s', (id) => expect(isBedrockModelId(id)).toBe(false));
});

describe('validateSuiteReferences', () => {
  it('accepts a consistent suite', () => {
    expect(
      messages(suite({ gate: { candidate: 'lite', baseline: 'pro', rules: [{ metric: 'exact', min: 1 }] } })),
    ).toEqual([]);
  });

  it('checks models against the known set when given, else against the Bedrock id shape', () => {
    const known = new Set(['amazon.nova-lite-v1:0', 'amazon.nova-micro-v1:0']);
    expect(messages(suite(), known)).toEqual([
      'targets[1].model: unknown model "us.amazon.nova-pro-v1:0" (known: amazon.nova-lite-v1:0, amazon.nova-micro-v1:0)',
    ]);
    const bad = suite();
    bad.targets[1]!.model = 'nova-pro';
    expect(messages(bad)).toEqual([
      'targets[1].model: "nova-pro" is not a Bedrock model id (expected e.g. amazon.nova-lite-v1:0, us.amazon.nova-lite-v1:0 or an ARN)',
    ]);
  });

  it('finds duplicate target ids and scorer names, and regexes that do not compile', () => {
    const s = suite({
      scorers: [{ type: 'contains' }, { type: 'regex', pattern: '(a' }, { type: 'exact', name: 'contains' }],
    });
    s.targets[1]!.id = 'lite';
    expect(messages(s)).toEqual([
      'targets[1].id: duplicate target id "lite" (also targets[0]); target ids must be unique',
      'scorers[1].pattern: Invalid regular expression: /(a/: Unterminated group',
      'scorers[2].name: duplicate scorer name "contains" (also scorers[0]); give one a distinct name',
    ]);
  });

  it('checks gate candidate and baseline name targets, and differ', () => {
    const rules = [{ metric: 'exact', min: 1 }];
    expect(messages(suite({ gate: { candidate: 'max', baseline: 'old', rules } }))).toEqual([
      'gate.candidate: "max" is not a target id (targets: lite, pro)',
      'gate.baseline: "old" is not a target id (targets: lite, pro)',
    ]);
    expect(messages(suite({ gate: { candidate: 'pro', baseline: 'pro', rules } }))).toEqual([
      'gate.baseline: baseline must differ from candidate ("pro")',
    ]);
  });
});
