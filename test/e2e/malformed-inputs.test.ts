/**
 * Every malformed input gets ONE line that names the file, the line (or row) and what was expected.
 * One fixture folder per case under test/fixtures/malformed/; suite problems come from loadSuite, bad dataset
 * rows from iterating loadDataset over the suite's datasets.
 */
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/config/index.ts';
import { EvalgateError, type EvalgateErrorCode } from '../../src/core/errors.ts';
import { loadDataset } from '../../src/datasets/index.ts';

const LOCAL_MODELS = new Set(['amazon.nova-micro-v1:0', 'amazon.nova-lite-v1:0', 'amazon.nova-pro-v1:0']);
const DIR = 'test/fixtures/malformed';

interface Row {
  fixture: string;
  /** `line:col` in suite.yaml, or `<dataset file> row N` / `line N` for dataset rows. */
  where: string;
  code: EvalgateErrorCode;
  expected: string;
  /** Validate models by id shape (AWS) instead of the local backend's model list. */
  aws?: boolean;
}

const SUITE_ERRORS: Row[] = [
  { fixture: 'yaml-syntax', where: '5:1', code: 'CONFIG_YAML', expected: 'YAML syntax error: Flow sequence' },
  { fixture: 'duplicate-key', where: '12:1', code: 'CONFIG_YAML', expected: 'duplicate key "name"' },
  {
    fixture: 'unknown-top-level-key',
    where: '12:1',
    code: 'CONFIG_SCHEMA',
    expected:
      'unknown key "reapeats" (allowed: name, description, datasets, prompt, prompts, targets, scorers, repeats',
  },
  {
    fixture: 'unknown-nested-key',
    where: '10:5',
    code: 'CONFIG_SCHEMA',
    expected: 'targets[0]: unknown key "temperature" (allowed: id, model, api,',
  },
  {
    fixture: 'wrong-type',
    where: '12:18',
    code: 'CONFIG_SCHEMA',
    expected: 'targets[1].concurrency: expected a number, got "four"',
  },
  {
    fixture: 'missing-required-field',
    where: '8:5',
    code: 'CONFIG_SCHEMA',
    expected: 'targets[0].model: missing required field (expected a string)',
  },
  {
    fixture: 'missing-dataset-file',
    where: '4:11',
    code: 'CONFIG_REFERENCE',
    expected: 'datasets[1].path: dataset file not found: test/fixtures/malformed/nowhere/missing.csv',
  },
  {
    fixture: 'unknown-template-variable',
    where: '6:13',
    code: 'CONFIG_REFERENCE',
    expected: 'prompt.template: unknown template variable "questoin"',
  },
  {
    fixture: 'unknown-scorer',
    where: '12:11',
    code: 'CONFIG_REFERENCE',
    expected: 'scorers[1].type: unknown scorer "bleu" (known: exact, contains, regex',
  },
  {
    fixture: 'unknown-model',
    where: '11:12',
    code: 'CONFIG_REFERENCE',
    expected: 'targets[1].model: unknown model "amazon.nova-mega-v1:0" (known: amazon.nova-lite-v1:0,',
  },
  {
    fixture: 'not-a-bedrock-model-id',
    where: '9:12',
    code: 'CONFIG_REFERENCE',
    expected: 'targets[0].model: "nova-lite" is not a Bedrock model id',
    aws: true,
  },
  {
    fixture: 'invalid-regex',
    where: '12:14',
    code: 'CONFIG_SCHEMA',
    expected: 'scorers[0].pattern: Invalid regular expression: /([0-9]+/: Unterminated group',
  },
  {
    fixture: 'duplicate-target-ids',
    where: '10:9',
    code: 'CONFIG_SCHEMA',
    expected: 'targets[1].id: duplicate target id "nova-lite" (also targets[0])',
  },
  {
    fixture: 'gate-candidate-not-target',
    where: '13:14',
    code: 'CONFIG_REFERENCE',
    expected: 'gate.candidate: "nova-max" is not a target id (targets: nova-lite)',
  },
  {
    fixture: 'empty-dataset-list',
    where: '2:11',
    code: 'CONFIG_SCHEMA',
    expected: 'datasets: expected at least 1 item, got 0 items',
  },
  {
    fixture: 'bad-repeats',
    where: '12:10',
    code: 'CONFIG_SCHEMA',
    expected: 'repeats: expected a number >= 1, got 0',
  },
  { fixture: 'empty-suite-file', where: '1:1', code: 'CONFIG_SCHEMA', expected: 'the suite is empty' },
  {
    fixture: 'template-and-file',
    where: '7:9',
    code: 'CONFIG_SCHEMA',
    expected: 'prompt.file: give either template or file, not both',
  },
  {
    fixture: 'missing-include-file',
    where: '7:13',
    code: 'CONFIG_REFERENCE',
    expected:
      'prompt.include.policy: include file not found: test/fixtures/malformed/missing-include-file/policy.md',
  },
  {
    fixture: 'gate-rule-without-bounds',
    where: '15:7',
    code: 'CONFIG_SCHEMA',
    expected: 'gate.rules[0]: expected min and/or max',
  },
  {
    fixture: 'bad-on-bad-row',
    where: '4:15',
    code: 'CONFIG_SCHEMA',
    expected: 'datasets[0].onBadRow: expected one of skip, fail, got "ignore"',
  },
  {
    fixture: 'unknown-scorer-option',
    where: '12:5',
    code: 'CONFIG_SCHEMA',
    expected: 'scorers[0]: unknown key "caseSensitve"',
  },
  {
    fixture: 'duplicate-scorer-names',
    where: '13:11',
    code: 'CONFIG_SCHEMA',
    expected: 'scorers[2].type: duplicate scorer name "contains" (also scorers[0])',
  },
  {
    fixture: 'template-syntax-error',
    where: '6:13',
    code: 'CONFIG_REFERENCE',
    expected: 'prompt.template: invalid handlebars template: Parse error on line 1:',
  },
];

const DATASET_ERRORS: Row[] = [
  {
    fixture: 'bad-csv-quoting',
    where: 'qa.csv row 3',
    code: 'DATASET_ROW',
    expected: 'unclosed quote: a quoted field starts here and never ends; stopped reading this file',
  },
  {
    fixture: 'csv-column-count',
    where: 'qa.csv row 3',
    code: 'DATASET_ROW',
    expected: 'expected 3 columns, got 2',
  },
  {
    fixture: 'bad-jsonl-line',
    where: 'qa.jsonl line 2',
    code: 'DATASET_ROW',
    expected: 'invalid JSON: Expected double-quoted property name',
  },
  {
    fixture: 'jsonl-not-an-object',
    where: 'qa.jsonl line 3',
    code: 'DATASET_ROW',
    expected: 'expected a JSON object, got an array',
  },
  {
    fixture: 'duplicate-case-ids',
    where: 'qa.csv row 4',
    code: 'DATASET_ROW',
    expected: 'duplicate case id "q1" (first used at row 2)',
  },
  {
    fixture: 'csv-duplicate-header',
    where: 'qa.csv row 1',
    code: 'DATASET_ROW',
    expected: 'duplicate column "question" in the header',
  },
];

function assertOneLine(err: EvalgateError, where: string, row: Row): void {
  expect(err).toBeInstanceOf(EvalgateError);
  expect(err.message).not.toContain('\n');
  expect(err.code).toBe(row.code);
  expect(err.where).toBe(where);
  expect(err.message.startsWith(`${where}: `)).toBe(true);
  expect(err.message).toContain(row.expected);
}

describe('malformed suites fail with one line naming file:line:col', () => {
  it.each(SUITE_ERRORS)('$fixture', async (row) => {
    const file = `${DIR}/${row.fixture}/suite.yaml`;
    const opts = row.aws ? {} : { knownModels: LOCAL_MODELS };
    const err = await loadSuite(file, opts).then(
      () => undefined,
      (e: unknown) => e,
    );
    assertOneLine(err as EvalgateError, `${file}:${row.where}`, row);
  });
});

describe('malformed dataset rows become error items naming file and row', () => {
  it.each(DATASET_ERRORS)('$fixture', async (row) => {
    const loaded = await loadSuite(`${DIR}/${row.fixture}/suite.yaml`, { knownModels: LOCAL_MODELS });
    const errors: EvalgateError[] = [];
    let ok = 0;
    for (const ds of loaded.datasets) {
      for await (const item of loadDataset(ds, ds.displayPath)) {
        if (item.ok) ok++;
        else errors.push(item.error);
      }
    }
    expect(errors).toHaveLength(1);
    assertOneLine(errors[0]!, `${DIR}/${row.fixture}/${row.where}`, row);
    // The other rows still load (quoting errors stop the file; a bad header stops before any row).
    const expectedOk: Record<string, number> = { 'bad-csv-quoting': 1, 'csv-duplicate-header': 0 };
    expect(ok).toBe(expectedOk[row.fixture] ?? 2);
  });
});

it('covers at least 15 malformed inputs', () => {
  expect(SUITE_ERRORS.length + DATASET_ERRORS.length).toBeGreaterThanOrEqual(15);
});
