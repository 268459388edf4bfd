import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvalgateError } from '../core/errors.ts';
import { loadSuite } from './load-suite.ts';

const root = mkdtempSync(join(tmpdir(), 'evalgate-matrix-'));
function write(rel: string, text: string): string {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}
write('data/q.csv', 'id,question,expected\nq1,How long is the warranty?,ten years\n');
write('suites/p/v2.hbs', 'Question: {{question}}\n');
write(
  'suites/p/pm.yaml',
  "model: amazon.nova-lite-v1:0\ntemplate: 'Policy: short. Question: {{question}}'\n",
);

const ARN = 'arn:aws:bedrock:us-east-1:111122223333:prompt/SUPPORT001:3';

/** A suite with `prompts:` (YAML, indented as list items) and `targets:` lines. */
function suite(prompts: string, targets: string, extra = ''): string {
  return `name: matrix-test
datasets: [{ path: ../data/q.csv }]
prompts:
${prompts}
targets:
${targets}
scorers: [{ type: contains }]
${extra}`;
}

const TWO = `  - { version: 1.0.0, template: 'Q: {{question}}' }
  - { version: 1.1.0, file: p/v2.hbs }`;
const THREE_MODELS = `  - { id: micro, model: amazon.nova-micro-v1:0 }
  - { id: lite, model: amazon.nova-lite-v1:0 }
  - { id: pro, model: amazon.nova-pro-v1:0, api: converse-stream }`;

let n = 0;
async function load(text: string) {
  return loadSuite(write(`suites/s${++n}.yaml`, text));
}
async function failure(text: string): Promise<EvalgateError> {
  const file = write(`suites/f${++n}.yaml`, text);
  try {
    await loadSuite(file);
  } catch (err) {
    if (err instanceof EvalgateError) return err;
    throw err;
  }
  throw new Error('expected loadSuite to fail');
}
const at = (line: number) => `${relative(process.cwd(), join(root, `suites/f${n}.yaml`))}:${line}:`;

describe('prompts × targets crossing', () => {
  it('crosses 3 targets with 2 template versions: 6 candidates, version-major within each target', async () => {
    const loaded = await load(suite(TWO, THREE_MODELS));
    const t = loaded.suite.targets;
    expect(t.map((x) => x.id)).toEqual([
      'micro@1.0.0',
      'micro@1.1.0',
      'lite@1.0.0',
      'lite@1.1.0',
      'pro@1.0.0',
      'pro@1.1.0',
    ]);
    expect(t[3]).toMatchObject({
      sweepOf: 'lite',
      params: { prompt: '1.1.0' },
      promptVersion: '1.1.0',
      model: 'amazon.nova-lite-v1:0',
    });
    expect(t[4]?.api).toBe('converse-stream');
    // suite.prompt stays the first version; every version is loaded with its text
    expect(loaded.suite.prompt.version).toBe('1.0.0');
    expect(loaded.template).toBe('Q: {{question}}');
    expect(loaded.prompts.map((p) => [p.version, p.template])).toEqual([
      ['1.0.0', 'Q: {{question}}'],
      ['1.1.0', 'Question: {{question}}\n'],
    ]);
  });

  it('a pinned target keeps its id and version; kb-retrieve renders the first template version', async () => {
    const targets = `  - { id: lite, model: amazon.nova-lite-v1:0, prompt: 1.1.0 }
  - { id: kb, api: kb-retrieve, knowledgeBase: { id: KB1 } }
  - { id: pro, model: amazon.nova-pro-v1:0 }`;
    const t = (await load(suite(TWO, targets))).suite.targets;
    expect(t.map((x) => [x.id, x.promptVersion])).toEqual([
      ['lite', '1.1.0'],
      ['kb', '1.0.0'],
      ['pro@1.0.0', '1.0.0'],
      ['pro@1.1.0', '1.1.0'],
    ]);
    expect(t[0]?.sweepOf).toBeUndefined();
  });

  it('a managed version is crossed only with converse targets of its variant model', async () => {
    const prompts = `${TWO}\n  - { version: '3', bedrock: { arn: '${ARN}', model: amazon.nova-lite-v1:0, localFile: p/pm.yaml } }`;
    const targets = `${THREE_MODELS}\n  - { id: lite-invoke, model: amazon.nova-lite-v1:0, api: invoke }`;
    const loaded = await load(suite(prompts, targets));
    const ids = loaded.suite.targets.map((x) => x.id);
    expect(ids).toEqual([
      'micro@1.0.0',
      'micro@1.1.0',
      'lite@1.0.0',
      'lite@1.1.0',
      'lite@3',
      'pro@1.0.0',
      'pro@1.1.0',
      'lite-invoke@1.0.0',
      'lite-invoke@1.1.0',
    ]);
    const managed = loaded.suite.targets[4];
    expect(managed).toMatchObject({
      promptVersion: '3',
      managedPrompt: { arn: ARN, localFile: 'p/pm.yaml' },
    });
    // the default variables are those the local file's template reads
    expect(loaded.prompts[2]?.bedrock).toMatchObject({ variables: ['question'], variablesFrom: 'localFile' });
  });

  it('gate rules may name a crossed candidate', async () => {
    const gate = 'gate: { candidate: lite@1.1.0, rules: [{ metric: contains, min: 0.5 }] }\n';
    const loaded = await load(suite(TWO, THREE_MODELS, gate));
    expect(loaded.suite.gate?.candidate).toBe('lite@1.1.0');
  });
});

describe('prompt version errors (one line, file:line)', () => {
  it('prompt and prompts together, or neither', async () => {
    const both = await failure(`${suite(TWO, THREE_MODELS)}prompt: { version: '1', template: x }\n`);
    expect(both.message).toBe(
      `${at(3)}1: prompts: give either prompt (one version) or prompts (a list of versions), not both`,
    );
    const neither = await failure(
      'name: x\ndatasets: [{ path: ../data/q.csv }]\ntargets: [{ id: a, model: amazon.nova-lite-v1:0 }]\nscorers: [{ type: contains }]\n',
    );
    expect(neither.message).toMatch(/^.*f\d+\.yaml:1:1: missing required field prompt \(or prompts/);
    expect(neither.message.split('\n')).toHaveLength(1);
  });

  it('template versions must be semantic and unique', async () => {
    const bad = await failure(
      suite(`  - { version: v1, template: x }\n  - { version: 1.1.0, template: y }`, THREE_MODELS),
    );
    expect(bad.message).toBe(
      `${at(4)}16: prompts[0].version: expected a semantic version such as 1.2.0 or 2.0.0-rc.1, got "v1"`,
    );
    const dup = await failure(
      suite(`  - { version: 1.0.0, template: x }\n  - { version: 1.0.0, template: y }`, THREE_MODELS),
    );
    expect(dup.message).toContain(
      `${at(5)}16: prompts[1].version: duplicate prompt version "1.0.0" (also prompts[0])`,
    );
  });

  it('a pinned version must exist', async () => {
    const err = await failure(suite(TWO, '  - { id: lite, model: amazon.nova-lite-v1:0, prompt: 2.0.0 }'));
    expect(err.message).toBe(
      `${at(7)}55: targets[0].prompt: target "lite": prompt "2.0.0" is not a version of this suite (versions: 1.0.0, 1.1.0)`,
    );
  });

  it('a managed prompt: no inference or system on its targets, a target of its model, a version ARN', async () => {
    const managed = `  - { version: '3', bedrock: { arn: '${ARN}', model: amazon.nova-lite-v1:0 } }`;
    const withInference = await failure(
      suite(
        `${TWO}\n${managed}`,
        '  - { id: lite, model: amazon.nova-lite-v1:0, inference: { maxTokens: 50 } }',
      ),
    );
    expect(withInference.message).toBe(
      `${at(8)}58: targets[0].inference: target "lite": crossed with the Bedrock Prompt Management prompt 3: Converse rejects inferenceConfig with a prompt ARN (set it in the prompt variant, or pin the target to a template version with prompt: <version>)`,
    );
    const noTarget = await failure(
      suite(`${TWO}\n${managed}`, '  - { id: pro, model: amazon.nova-pro-v1:0 }'),
    );
    expect(noTarget.message).toContain(`${at(6)}`);
    expect(noTarget.message).toContain(
      'prompts[2].bedrock.model: no converse or converse-stream target has model amazon.nova-lite-v1:0',
    );
    const noVersion = await failure(
      suite(
        `  - { version: '3', bedrock: { arn: 'arn:aws:bedrock:us-east-1:111122223333:prompt/SUPPORT001', model: m } }`,
        THREE_MODELS,
      ),
    );
    expect(noVersion.message).toContain('prompts[0].bedrock.arn: expected a prompt version ARN');
    const withTemplate = await failure(
      suite(
        `  - { version: '3', template: x, bedrock: { arn: '${ARN}', model: amazon.nova-lite-v1:0 } }`,
        THREE_MODELS,
      ),
    );
    expect(withTemplate.message).toContain(
      'prompts[0].template: template does not apply to a Bedrock Prompt Management prompt',
    );
  });

  it('a managed variable must be a dataset column, and expected is never sent', async () => {
    const vars = (v: string) =>
      `${TWO}\n  - { version: '3', bedrock: { arn: '${ARN}', model: amazon.nova-lite-v1:0, variables: [${v}] } }`;
    const missing = await failure(suite(vars('question, policy'), THREE_MODELS));
    expect(missing.message).toMatch(
      /prompts\[2\]\.bedrock\.variables\[1\]: variable "policy": not a column of .*q\.csv$/,
    );
    const leak = await failure(suite(vars('expected'), THREE_MODELS));
    expect(leak.message).toContain('variable "expected": expected is never sent to the model');
  });
});
