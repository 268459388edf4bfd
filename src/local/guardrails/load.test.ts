import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BLOCKED_MESSAGE,
  loadGuardrailFile,
  parseGuardrailObject,
  parseGuardrailText,
} from './load.ts';
import { GuardrailRegistry, guardrailIdOf } from './registry.ts';

const ACME = new URL('../../../datasets/guardrails/acme-support.guardrail.yaml', import.meta.url).pathname;

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('guardrail definition files', () => {
  it('loads the Acme guardrail and resolves version 2 from version 1 with whole-block overrides', () => {
    const def = loadGuardrailFile(ACME);
    expect(def.guardrailId).toBe('acmesupport01');
    expect(Object.keys(def.versions)).toEqual(['1', '2']);
    const [v1, v2] = [def.versions['1']!, def.versions['2']!];
    // inherited unchanged
    expect(v2.name).toBe('acme-support');
    expect(v2.blockedInputMessaging).toBe("Sorry, I can't help with that request.");
    expect(v2.wordPolicyConfig).toEqual(v1.wordPolicyConfig);
    // overridden blocks
    const insults = (v: typeof v1) => v.contentPolicyConfig?.filtersConfig.find((f) => f.type === 'INSULTS');
    expect(insults(v1)?.inputStrength).toBe('MEDIUM');
    expect(insults(v2)?.inputStrength).toBe('HIGH');
    expect(v1.topicPolicyConfig?.topicsConfig.map((t) => t.name)).toEqual([
      'investment-advice',
      'legal-advice',
    ]);
    expect(v2.topicPolicyConfig?.topicsConfig.map((t) => t.name)).toEqual([
      'investment-advice',
      'legal-advice',
      'medical-advice',
    ]);
    expect(v2.contextualGroundingPolicyConfig?.filtersConfig[0]).toEqual({
      type: 'GROUNDING',
      threshold: 0.8,
    });
    expect(v2).not.toHaveProperty('extends');
  });

  it('reports a bad field as one line naming file, line and path', () => {
    const text = [
      'guardrailId: g1',
      'versions:',
      "  '1':",
      '    contentPolicyConfig:',
      '      filtersConfig:',
      '        - { type: VIOLENCE, inputStrength: EXTREME, outputStrength: HIGH }',
    ].join('\n');
    const msg = errorOf(() => parseGuardrailText(text, 'g.yaml'));
    expect(msg).toMatch(/^g\.yaml:6: versions\.1\.contentPolicyConfig\.filtersConfig\.0\.inputStrength: /);
    expect(msg).not.toContain('\n');
  });

  it('reports unknown keys, bad regexes, missing and cyclic extends, YAML syntax errors', () => {
    expect(
      errorOf(() =>
        parseGuardrailText("guardrailId: g\nversions:\n  '1':\n    contentPolicy: {}\n", 'a.yaml'),
      ),
    ).toMatch(/^a\.yaml:3: versions\.1: Unrecognized key: "contentPolicy"/);
    const badRegex =
      "guardrailId: g\nversions:\n  '1':\n    sensitiveInformationPolicyConfig:\n      regexesConfig:\n        - { name: r, pattern: '([a-z', action: BLOCK }\n";
    expect(errorOf(() => parseGuardrailText(badRegex, 'b.yaml'))).toMatch(
      /^b\.yaml:6: versions\.1\.sensitiveInformationPolicyConfig\.regexesConfig\.0\.pattern: invalid regex/,
    );
    expect(
      errorOf(() => parseGuardrailText("guardrailId: g\nversions:\n  '2':\n    extends: '1'\n", 'c.yaml')),
    ).toBe('c.yaml:4: versions.2.extends: no version "1"');
    const cyc = "guardrailId: g\nversions:\n  '1':\n    extends: '2'\n  '2':\n    extends: '1'\n";
    expect(errorOf(() => parseGuardrailText(cyc, 'd.yaml'))).toBe(
      'd.yaml:6: versions.2.extends: cycle 1 -> 2 -> 1',
    );
    expect(errorOf(() => parseGuardrailText('guardrailId: [unclosed\n', 'e.yaml'))).toMatch(/^e\.yaml:\d+: /);
    expect(errorOf(() => parseGuardrailText('versions: {}\n', 'f.yaml'))).toMatch(
      /^f\.yaml:1: guardrailId: /,
    );
    expect(errorOf(() => loadGuardrailFile('/nonexistent/x.yaml'))).toMatch(
      /^\/nonexistent\/x\.yaml: cannot read/,
    );
  });

  it('accepts JSON text and objects; blocked messages default to Bedrock console wording', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gr-'));
    const path = join(dir, 'g.json');
    writeFileSync(path, JSON.stringify({ guardrailId: 'json1', versions: { '1': { name: 'x' } } }, null, 2));
    expect(loadGuardrailFile(path).versions['1']?.blockedOutputsMessaging).toBe(DEFAULT_BLOCKED_MESSAGE);
    expect(errorOf(() => parseGuardrailObject({ guardrailId: 'bad id!', versions: {} }, '(admin)'))).toMatch(
      /^\(admin\): guardrailId: guardrailId must be/,
    );
  });
});

describe('GuardrailRegistry', () => {
  it('resolves ids, ARNs, numbered versions and DRAFT; unknown ones are not found', () => {
    const reg = new GuardrailRegistry();
    const summary = reg.registerFile(ACME);
    expect(summary.versions).toEqual(['1', '2']);
    expect(summary.policies['1']).toEqual([
      'contentPolicyConfig',
      'topicPolicyConfig',
      'wordPolicyConfig',
      'sensitiveInformationPolicyConfig',
      'contextualGroundingPolicyConfig',
    ]);
    expect(guardrailIdOf('arn:aws:bedrock:us-east-1:123456789012:guardrail/acmesupport01')).toBe(
      'acmesupport01',
    );
    const byArn = reg.resolve('arn:aws:bedrock:us-east-1:123456789012:guardrail/acmesupport01', '1');
    expect('version' in byArn && byArn.version).toBe('1');
    const draft = reg.resolve('acmesupport01', 'DRAFT');
    expect('version' in draft && draft.version).toBe('2');
    expect(reg.resolve('acmesupport01', '3')).toEqual({
      notFound: 'Guardrail acmesupport01 has no version 3 (has: 1, 2)',
    });
    expect(reg.resolve('nope', '1')).toEqual({
      notFound: 'Guardrail nope was not found on the evalgate local backend (has: acmesupport01)',
    });
  });
});
