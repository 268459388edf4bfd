import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvalgateError } from '../core/errors.ts';
import { loadSuite } from './load-suite.ts';
import { renderPrompt } from './templates.ts';

const root = mkdtempSync(join(tmpdir(), 'evalgate-suite-'));
function write(rel: string, text: string): string {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

write('datasets/qa.csv', 'id,question,expected\nq1,What is the refund window?,30 days\n');
write('datasets/more.jsonl', '{"question":"Ship abroad?","expected":"yes","topic":"shipping"}\n');
write('datasets/policy.md', 'Refunds within 30 days.');
write('prompts/qa.hbs', 'Q: {{question}}');

const GOOD = `name: support
datasets:
  - path: ../datasets/qa.csv
  - path: ../datasets/more.jsonl
    limit: 5
prompt:
  version: 1.0.0
  include: { policy: ../datasets/policy.md }
  system: "Policy: {{policy}}"
  file: ../prompts/qa.hbs
targets:
  - id: lite
    model: amazon.nova-lite-v1:0
scorers:
  - type: contains
    value: "{{expected}}"
gate:
  candidate: lite
  rules:
    - { metric: contains, min: 0.5 }
`;
// sha256sum of the text above, computed with coreutils
const GOOD_SHA256 = 'a1fb58d677b131b388d143f2732780f1507db4a321b2b55b10fd92362d892e8c';

async function failure(rel: string, text: string, opts = {}): Promise<EvalgateError> {
  const file = write(rel, text);
  try {
    await loadSuite(file, opts);
  } catch (err) {
    if (err instanceof EvalgateError) return err;
    throw err;
  }
  throw new Error('expected loadSuite to fail');
}

describe('loadSuite', () => {
  it('loads a valid suite: resolved datasets with columns, includes, prompt file, hash', async () => {
    const file = write('suites/good.yaml', GOOD);
    const loaded = await loadSuite(file, { knownModels: new Set(['amazon.nova-lite-v1:0']) });
    expect(loaded.file).toBe(file);
    expect(loaded.dir).toBe(join(root, 'suites'));
    expect(loaded.displayPath).toBe(relative(process.cwd(), file));
    expect(loaded.hash).toBe(GOOD_SHA256);
    expect(loaded.includes).toEqual({ policy: 'Refunds within 30 days.' });
    expect(loaded.template).toBe('Q: {{question}}');
    expect(loaded.datasets).toEqual([
      {
        path: join(root, 'datasets/qa.csv'),
        displayPath: relative(process.cwd(), join(root, 'datasets/qa.csv')),
        onBadRow: 'skip',
        limit: undefined,
        columns: ['id', 'question', 'expected'],
      },
      {
        path: join(root, 'datasets/more.jsonl'),
        displayPath: relative(process.cwd(), join(root, 'datasets/more.jsonl')),
        onBadRow: 'skip',
        limit: 5,
        columns: ['question', 'expected', 'topic'],
      },
    ]);
    expect(loaded.datasetPaths('../datasets/qa.csv').absolute).toBe(join(root, 'datasets/qa.csv'));
    expect(loaded.suite.targets[0]).toEqual({
      id: 'lite',
      model: 'amazon.nova-lite-v1:0',
      api: 'converse',
      concurrency: 4,
      timeoutMs: 60_000,
    });
    const evalCase = {
      id: 'q1',
      source: { file: 'qa.csv', row: 2 },
      vars: { question: 'Refund?' },
      expected: '30',
    };
    expect(renderPrompt(loaded, evalCase, loaded.suite.targets[0]!)).toEqual({
      prompt: 'Q: Refund?',
      system: 'Policy: Refunds within 30 days.',
    });
  });

  it('reports the problem that comes first in the file, with the path relative to cwd', async () => {
    const text = GOOD.replace('name: support', 'name: Support').replace('limit: 5', 'limit: none');
    const err = await failure('suites/two-problems.yaml', text);
    const display = relative(process.cwd(), join(root, 'suites/two-problems.yaml'));
    expect(err.message).toBe(`${display}:1:7: name: expected lowercase letters, digits, "-" or "_"`);
    expect(err.code).toBe('CONFIG_SCHEMA');
  });

  it('checks template variables against every dataset', async () => {
    const text = GOOD.replace('file: ../prompts/qa.hbs', 'template: "{{question}} ({{topic}})"');
    const err = await failure('suites/topic.yaml', text);
    expect(err.message).toMatch(
      /suites\/topic\.yaml:10:13: prompt\.template: unknown template variable "topic" \(not a column of .*datasets\/qa\.csv nor an include\); available: policy, id, question, expected$/,
    );
  });

  it('checks the contains scorer value template and the prompt file template', async () => {
    const bad = GOOD.replace('value: "{{expected}}"', 'value: "{{expectd}}"');
    expect((await failure('suites/value.yaml', bad)).message).toMatch(
      /value\.yaml:16:12: scorers\[0\]\.value: unknown template variable "expectd"/,
    );
    write('prompts/bad.hbs', 'Q: {{qestion}}');
    const badFile = GOOD.replace('../prompts/qa.hbs', '../prompts/bad.hbs');
    expect((await failure('suites/file.yaml', badFile)).message).toMatch(
      /file\.yaml:10:9: prompt\.file: in \.\.\/prompts\/bad\.hbs: unknown template variable "qestion"/,
    );
  });

  it('reports a missing prompt file, and a missing suite file as USAGE', async () => {
    const err = await failure('suites/nofile.yaml', GOOD.replace('../prompts/qa.hbs', '../prompts/none.hbs'));
    expect(err.message).toMatch(
      /nofile\.yaml:10:9: prompt\.file: prompt file not found: .*prompts\/none\.hbs$/,
    );
    await expect(loadSuite(join(root, 'suites/absent.yaml'))).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/absent\.yaml: suite file not found$/),
    });
  });
});
