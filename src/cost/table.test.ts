import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvalgateError } from '../core/errors.ts';
import { FIXTURE_TABLE_TEXT } from './_fixture.ts';
import { loadPriceTable, PRICE_FILE, PRICE_TABLE_VERSION, parsePriceTable } from './index.ts';

function _error(text: string): EvalgateError {
  try {
    parsePriceTable(text, 'fixture-prices.yaml');
  } catch (err) {
    if (err instanceof EvalgateError) return err;
    throw err;
  }
  throw new Error('expected the price table to be rejected');
}

const bad = (from: string, to: string) => _error(FIXTURE_TABLE_TEXT.replace(from, to));

describe('price file validation', () => {
  it('a bad figure: one line naming the file, line:col and the key', () => {
    const err = bad('output: 0.0024', 'output: -1');
    expect(err.code).toBe('CONFIG_SCHEMA');
    expect(err.message).toBe(
      'fixture-prices.yaml:9:46: models["acme.model-v1"].regions.eu-central-1.output: expected a number >= 0, got -1',
    );
  });

  it('names bad keys, unknown fields, wrong types and missing fields', () => {
    expect(bad('eu-central-1: { input: 0.0012', 'Frankfurt: { input: 0.0012').message).toBe(
      'fixture-prices.yaml:9:18: models["acme.model-v1"].regions.Frankfurt: bad key "Frankfurt": expected an AWS region such as us-east-1',
    );
    expect(bad('batchDiscount: 0.5,', 'batchDiscount: 0.5, cached: 1,').message).toMatch(
      /^fixture-prices\.yaml:8:69: models\["acme\.model-v1"\]\.regions\.us-east-1: unknown key "cached" \(allowed: input, output, cacheRead, /,
    );
    expect(bad('{ us-east-1: 0.99', '{ us-east-1: "0.99"').message).toBe(
      'fixture-prices.yaml:14:32: instances["ml.inf2.xlarge"].us-east-1: expected a number, got "0.99"',
    );
    expect(bad('currency: USD', 'currency: EUR').message).toBe(
      'fixture-prices.yaml:2:11: currency: expected "USD", got "EUR"',
    );
    expect(bad('version: test-1\n', '').message).toBe(
      'fixture-prices.yaml:1:1: version: missing required field (expected a string)',
    );
    expect(bad('batchDiscount: 0.5', 'batchDiscount: 1.5').message).toContain(
      'expected a number <= 1, got 1.5',
    );
  });

  it('a YAML syntax error is one line with its position', () => {
    const err = bad('source: test figures', 'source: [unclosed');
    expect(err.code).toBe('CONFIG_YAML');
    expect(err.message).toMatch(/^fixture-prices\.yaml:5:1: YAML syntax error: /);
    expect(err.message).not.toContain('\n');
  });
});

describe('loadPriceTable', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-prices-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the file it read (relative to the working directory)', async () => {
    const file = join(dir, 'prices.yaml');
    await writeFile(file, FIXTURE_TABLE_TEXT.replace('input: 0.004', 'input: cheap'));
    expect(() => loadPriceTable(file)).toThrow(
      `${relative(process.cwd(), file)}:12:30: models["acme.eu-only-v1"].regions.eu-central-1.input: expected a number, got "cheap"`,
    );
    expect(() => loadPriceTable(join(dir, 'missing.yaml'))).toThrow(
      /missing\.yaml: cannot read the price table \(ENOENT\)$/,
    );
  });

  it('the shipped file is valid and its version is exported', () => {
    expect(loadPriceTable(PRICE_FILE).version).toBe(PRICE_TABLE_VERSION);
    expect(PRICE_TABLE_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
