import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { exportSuiteJsonSchema } from './json-schema.ts';

const suite = {
  name: 'demo',
  datasets: [{ path: 'd.csv' }],
  prompt: { version: '1.0.0', template: '{{q}}' },
  targets: [{ id: 'a', model: 'amazon.nova-lite-v1:0' }],
  scorers: [{ type: 'exact' }, { type: 'regex', pattern: '^\\d+$' }],
};

describe('exportSuiteJsonSchema', () => {
  const schema = exportSuiteJsonSchema();
  const validate = new Ajv2020({ strict: false }).compile(schema);

  it('accepts a minimal suite and rejects unknown keys and unknown scorer types', () => {
    expect(validate(suite)).toBe(true);
    expect(validate({ ...suite, reapeats: 1 })).toBe(false);
    expect(validate({ ...suite, scorers: [{ type: 'bleu' }] })).toBe(false);
    expect(validate({ ...suite, targets: [{ id: 'a', model: 'm', concurrency: 0 }] })).toBe(false);
  });

  it('matches the committed schema/suite.schema.json (run src/config/write-json-schema.ts after changes)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../schema/suite.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(schema)));
  });
});
