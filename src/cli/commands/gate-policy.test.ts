import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from './gate-policy.ts';

describe('gate policy files', () => {
  it('reads the example canary policy', () => {
    const file = join(import.meta.dirname, '../../../suites/policies/canary.policy.yaml');
    const p = parsePolicy(readFileSync(file, 'utf8'), 'suites/policies/canary.policy.yaml');
    expect(p.candidate).toBe('nova-lite');
    expect(p.canary?.stages).toEqual([10, 25, 50, 75, 100]);
    expect(p.rules.some((r) => r.nonInferiority?.margin === 0.05)).toBe(true);
  });

  it('accepts a canary-only file, and reports the first problem as file:line:col', () => {
    expect(parsePolicy('candidate: v2\ncanary: { stages: [50, 100] }\n', 'p.yaml').rules).toEqual([]);
    const bad = (text: string) => () => parsePolicy(text, 'p.yaml');
    expect(bad('candidate: v2\nrules:\n  - { metric: contains, nonInferiority: { margin: -1 } }\n')).toThrow(
      'p.yaml:3:51: rules[0].nonInferiority.margin: expected a number >= 0, got -1',
    );
    expect(bad('candidate: v2\nrules:\n  - { metric: contains, min: 0.5, maxRatio: 2 }\n')).toThrow(
      'p.yaml:3:5: rules[0]: expected one kind of rule per item: min/max, nonInferiority or maxRatio (write two rules)',
    );
    expect(bad('candidate: v2\ncanary: { stages: [50, 25] }\n')).toThrow(
      'p.yaml:2:19: canary.stages: expected increasing percentages',
    );
  });
});
