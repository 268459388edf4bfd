import { describe, expect, it } from 'vitest';
import { EvalgateError } from '../core/errors.ts';
import { parseYamlSource } from './yaml-source.ts';

const TEXT = [
  'name: demo', // 1
  'targets:', // 2
  '  - id: a', // 3
  '    model: m1', // 4
  '  - id: b', // 5
  '    concurrency: four', // 6
  'prompt:', // 7
  '  template:', // 8
  'prices:', // 9
  '  "amazon.nova-lite-v1:0": { input: 1, output: 2 }', // 10
].join('\n');

describe('parseYamlSource().locate', () => {
  const src = parseYamlSource(TEXT, 'suites/x.yaml');

  it('maps a path to the line:col of its value', () => {
    expect(src.locate(['targets', 1, 'concurrency'])).toBe('6:18');
    expect(src.locate(['name'])).toBe('1:7');
    expect(src.locate(['targets', 0, 'model'])).toBe('4:12');
  });

  it('points at the key when asked (unknown keys)', () => {
    expect(src.locate(['targets', 1, 'concurrency'], 'key')).toBe('6:5');
  });

  it('falls back to the nearest existing ancestor for a missing field', () => {
    // targets[1] has no `model`: the item mapping starts at `id` on line 5, column 5.
    expect(src.locate(['targets', 1, 'model'])).toBe('5:5');
    expect(src.locate(['gate', 'candidate'])).toBe('1:1');
    expect(src.locate(['targets', 7, 'id'])).toBe('3:3');
  });

  it('points at the key of an empty value, and handles quoted keys with colons', () => {
    expect(src.locate(['prompt', 'template'])).toBe('8:3');
    expect(src.locate(['prices', 'amazon.nova-lite-v1:0', 'output'])).toBe('10:48');
  });

  it('keeps the plain data', () => {
    expect(src.data).toEqual({
      name: 'demo',
      targets: [
        { id: 'a', model: 'm1' },
        { id: 'b', concurrency: 'four' },
      ],
      prompt: { template: null },
      prices: { 'amazon.nova-lite-v1:0': { input: 1, output: 2 } },
    });
  });
});

describe('parseYamlSource errors', () => {
  function fail(text: string): EvalgateError {
    try {
      parseYamlSource(text, 'suites/bad.yaml');
    } catch (err) {
      if (err instanceof EvalgateError) return err;
      throw err;
    }
    throw new Error('expected a YAML error');
  }

  it('reports a syntax error with line and column, on one line', () => {
    const err = fail('name: x\nlist: [1, 2\nother: 3\n');
    expect(err.code).toBe('CONFIG_YAML');
    expect(err.where).toBe('suites/bad.yaml:3:1');
    expect(err.message).toMatch(/^suites\/bad\.yaml:3:1: YAML syntax error: Flow sequence/);
    expect(err.message).not.toContain('\n');
  });

  it('reports a duplicate key at its second occurrence', () => {
    const err = fail('name: x\nrepeats: 1\nname: y\n');
    expect(err.message).toBe(
      'suites/bad.yaml:3:1: YAML syntax error: duplicate key "name" (map keys must be unique)',
    );
  });

  it('reports a nested duplicate key', () => {
    const err = fail('targets:\n  - id: a\n    id: b\n');
    expect(err.where).toBe('suites/bad.yaml:3:5');
    expect(err.message).toContain('duplicate key "id"');
  });

  it('reports tabs used as indentation', () => {
    const err = fail('name: x\nprompt:\n\ttemplate: y\n');
    expect(err.where).toMatch(/^suites\/bad\.yaml:3:/);
    expect(err.message).toContain('YAML syntax error: Tabs are not allowed');
  });
});
