import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvalgateError } from '../core/errors.ts';
import type { EvalCase } from '../core/types.ts';
import { loadSuite } from './load-suite.ts';
import { renderPrompt } from './templates.ts';

const root = mkdtempSync(join(tmpdir(), 'evalgate-prompt-render-'));
function write(rel: string, text: string): string {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}
write('data/q.csv', 'id,question,topic,expected\nq1,How long is the warranty?,warranty,ten years\n');
write('policy-a.md', 'Warranty: ten years.');
write('policy-b.md', 'WARRANTY — 10 years from purchase.');
write('pm.yaml', 'model: amazon.nova-lite-v1:0\nsystem: "Topic {{topic}}"\ntemplate: "Q: {{question}}"\n');

const ARN = 'arn:aws:bedrock:us-east-1:111122223333:prompt/SUPPORT001:3';
const suiteText = `name: render-test
datasets: [{ path: data/q.csv }]
prompts:
  - version: 1.0.0
    include: { policy: policy-a.md }
    system: 'Policy: {{policy}}'
    template: 'Customer asks {{question}}'
  - version: 1.1.0
    include: { policy: policy-b.md }
    system: 'Rules: {{policy}}'
    template: "Question: {{question}} ({{id}})"
  - { version: '3', bedrock: { arn: '${ARN}', model: amazon.nova-lite-v1:0, localFile: pm.yaml } }
  - { version: '4', bedrock: { arn: '${ARN.replace(':3', ':4')}', model: amazon.nova-pro-v1:0 } }
targets:
  - { id: lite, model: amazon.nova-lite-v1:0 }
  - { id: pro, model: amazon.nova-pro-v1:0 }
  - { id: pro-brief, model: amazon.nova-pro-v1:0, prompt: 1.1.0, system: 'Be brief. {{policy}}', inference: { maxTokens: 64 } }
scorers: [{ type: contains }]
`;

const evalCase: EvalCase = {
  id: 'q1',
  source: { file: 'data/q.csv', row: 2 },
  vars: { id: 'q1', question: 'How long is the warranty?', topic: 'warranty', expected: 'ten years' },
  expected: 'ten years',
};

describe('renderPrompt per prompt version', async () => {
  const loaded = await loadSuite(write('s.yaml', suiteText));
  const target = (id: string) => {
    const t = loaded.suite.targets.find((x) => x.id === id);
    if (!t) throw new Error(`no target ${id}`);
    return t;
  };

  it('renders each template version with its own template, system and includes', () => {
    expect(renderPrompt(loaded, evalCase, target('lite@1.0.0'))).toEqual({
      prompt: 'Customer asks How long is the warranty?',
      system: 'Policy: Warranty: ten years.',
    });
    expect(renderPrompt(loaded, evalCase, target('lite@1.1.0'))).toEqual({
      prompt: 'Question: How long is the warranty? (q1)',
      system: 'Rules: WARRANTY — 10 years from purchase.',
    });
  });

  it("a target's system replaces the version's and sees that version's includes", () => {
    expect(renderPrompt(loaded, evalCase, target('pro-brief'))).toEqual({
      prompt: 'Question: How long is the warranty? (q1)',
      system: 'Be brief. WARRANTY — 10 years from purchase.',
      inferenceConfig: { maxTokens: 64 },
    });
  });

  it("a managed version sends the local file's variables as promptVariables, nothing rendered", () => {
    expect(loaded.suite.targets.map((t) => t.id)).toEqual([
      'lite@1.0.0',
      'lite@1.1.0',
      'lite@3',
      'pro@1.0.0',
      'pro@1.1.0',
      'pro@4',
      'pro-brief',
    ]);
    expect(renderPrompt(loaded, evalCase, target('lite@3'))).toEqual({
      prompt: 'topic: warranty\nquestion: How long is the warranty?',
      promptVariables: { topic: 'warranty', question: 'How long is the warranty?' },
    });
  });

  it('without variables or a local file, every field but expected and id is sent', () => {
    expect(renderPrompt(loaded, evalCase, target('pro@4')).promptVariables).toEqual({
      question: 'How long is the warranty?',
      topic: 'warranty',
    });
  });

  it('a row without a variable the managed prompt reads is a one-line DATASET_ROW error', () => {
    const row: EvalCase = { ...evalCase, vars: { id: 'q1', question: 'Hi' } };
    let caught: unknown;
    try {
      renderPrompt(loaded, row, target('lite@3'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EvalgateError);
    expect((caught as EvalgateError).code).toBe('DATASET_ROW');
    expect((caught as EvalgateError).message).toBe(
      `data/q.csv row 2: cannot fill the prompt variable "topic" of ${ARN}: the row has no field topic`,
    );
  });
});
