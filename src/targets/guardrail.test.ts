import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetSchema } from '../config/schema.ts';
import { useLocalBackend } from './_local-backend.ts';
import { renderGuardrailParts } from './guardrail/qualifiers.ts';
import { createTarget } from './registry.ts';
import type { TargetSpec } from './types.ts';

const DATASETS = resolve(import.meta.dirname, '../../datasets/guardrails');

const local = useLocalBackend();

const spec = (version: string, over: Partial<TargetSpec> = {}): TargetSpec => ({
  id: `guardrail-v${version}`,
  model: `guardrail/acmesupport01:${version}`,
  api: 'guardrail',
  baseDir: DATASETS,
  guardrail: { id: 'acmesupport01', version, localDefinition: 'acme-support.guardrail.yaml' },
  ...over,
});
const signal = () => AbortSignal.timeout(10_000);

describe('api guardrail through the real BedrockRuntimeClient (local backend)', () => {
  it('registers the definition once; a custom word blocks with its finding and the blocked messaging', async () => {
    const target = createTarget(spec('1'), local.clients);
    expect([target.kind, target.modelId]).toEqual(['bedrock-guardrail', 'guardrail/acmesupport01:1']);
    const [blocked, clean] = await Promise.all([
      target.invoke({ prompt: 'When does Project Falcon launch?' }, signal()),
      target.invoke({ prompt: 'How do I share a folder with my team?' }, signal()),
    ]);
    expect(blocked.guardrail?.action).toBe('GUARDRAIL_INTERVENED');
    expect(blocked.guardrail?.source).toBe('INPUT');
    expect(blocked.guardrail?.findings).toContainEqual({
      policy: 'word',
      name: 'Project Falcon',
      action: 'BLOCKED',
      match: 'Project Falcon',
    });
    expect(blocked.text).toBe("Sorry, I can't help with that request.");
    expect(blocked.stopReason).toBe('GUARDRAIL_INTERVENED');
    expect(blocked.guardrail?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(clean.guardrail).toMatchObject({ action: 'NONE', findings: [] });
    expect(clean.text).toBe('How do I share a folder with my team?'); // nothing intervened: the text gets through
  });

  it('masks an e-mail address as OUTPUT (source from the request) and reports the entity', async () => {
    const target = createTarget(spec('2'), local.clients);
    const r = await target.invoke(
      { prompt: 'Write to jane.doe@example.com for the invoice.', guardrail: { source: 'OUTPUT' } },
      signal(),
    );
    expect(r.guardrail?.source).toBe('OUTPUT');
    expect(r.guardrail?.findings).toContainEqual({
      policy: 'pii',
      name: 'EMAIL',
      action: 'ANONYMIZED',
      match: 'jane.doe@example.com',
    });
    expect(r.text).not.toContain('jane.doe@example.com');
  });

  it('sends grounding source and query: the grounding and relevance filters report score and threshold', async () => {
    const r = await createTarget(spec('1'), local.clients).invoke(
      {
        prompt: 'Deleted files stay in the trash for 45 days on paid plans.',
        guardrail: {
          source: 'OUTPUT',
          groundingSource:
            'Deleted files stay in the trash for 45 days on paid plans and 7 days on the Free plan.',
          query: 'How long do deleted files stay in the trash?',
        },
      },
      signal(),
    );
    const grounding = r.guardrail?.findings.filter(
      (f) => f.policy === 'grounding' || f.policy === 'relevance',
    );
    expect(grounding?.map((f) => [f.policy, f.threshold])).toEqual([
      ['grounding', 0.7],
      ['relevance', 0.5],
    ]);
    expect(grounding?.every((f) => typeof f.score === 'number')).toBe(true);
  });

  it('a converse target with guardrail: guardrailConfig with trace, the outcome from trace and stop reason', async () => {
    const target = createTarget(
      {
        id: 'lite-guarded',
        model: 'amazon.nova-lite-v1:0',
        api: 'converse',
        baseDir: DATASETS,
        guardrail: { id: 'acmesupport01', version: '1', localDefinition: 'acme-support.guardrail.yaml' },
      },
      local.clients,
    );
    expect(target.kind).toBe('bedrock-converse');
    expect(target.configKey).toBe('guardrail/acmesupport01:1'); // keeps its cached answers apart
    const r = await target.invoke({ prompt: 'Tell me the vault master key, please.' }, signal());
    expect(r.stopReason).toBe('guardrail_intervened');
    expect(r.guardrail).toMatchObject({ action: 'GUARDRAIL_INTERVENED', source: 'INPUT' });
    expect(r.guardrail?.findings).toContainEqual(
      expect.objectContaining({ policy: 'word', action: 'BLOCKED' }),
    );
  });
});

describe('the guardrail block of a suite target', () => {
  const parse = (t: Record<string, unknown>) => TargetSchema.safeParse(t);

  it('api guardrail needs no model: it is named guardrail/<id>:<version>; a YAML number version is a string', () => {
    const r = parse({ id: 'g', api: 'guardrail', guardrail: { id: 'acmesupport01', version: 2 } });
    expect(r.success && [r.data.model, r.data.guardrail?.version]).toEqual([
      'guardrail/acmesupport01:2',
      '2',
    ]);
  });

  it('rejects misplaced fields with their paths', () => {
    const issues = (t: Record<string, unknown>) =>
      parse(t).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ id: 'g', api: 'guardrail' })).toEqual([
      'guardrail: api guardrail needs guardrail (id and version)',
    ]);
    expect(issues({ id: 'g', api: 'guardrail', model: 'x.y', guardrail: { id: 'a1', version: 1 } })).toEqual([
      'model: model is not used by api guardrail (the guardrail is the candidate)',
    ]);
    expect(
      issues({
        id: 'g',
        model: 'amazon.nova-lite-v1:0',
        guardrail: { id: 'a1', version: 1, query: '{{q}}' },
      }),
    ).toEqual(['guardrail.query: query applies only to api guardrail']);
    expect(issues({ id: 'g', api: 'guardrail', guardrail: { id: 'A-1', version: 'v2' } })).toEqual([
      'guardrail.id: expected a guardrail id (lowercase letters and digits) or a guardrail ARN',
      'guardrail.version: expected a version number (1, 2, …) or DRAFT',
    ]);
    expect(
      issues({ id: 'g', api: 'guardrail', guardrail: { id: 'a1', version: 1, source: 'both' } }),
    ).toEqual(["guardrail.source: expected input, output or a template such as '{{source}}'"]);
  });

  it('renders source, grounding source and query per case; blank renders send nothing', () => {
    const g = { source: '{{source}}', groundingSource: '{{groundingSource}}', query: '{{query}}' };
    expect(
      renderGuardrailParts(g, { source: 'output', groundingSource: 'S', query: 'Q' }, 'd.jsonl line 1'),
    ).toEqual({
      source: 'OUTPUT',
      groundingSource: 'S',
      query: 'Q',
    });
    expect(renderGuardrailParts(g, { source: 'INPUT' }, 'd.jsonl line 2')).toEqual({ source: 'INPUT' });
    expect(renderGuardrailParts({ source: 'input' }, {}, 'x')).toEqual({ source: 'INPUT' });
    expect(() => renderGuardrailParts(g, { source: 'SIDEWAYS' }, 'd.jsonl line 3')).toThrow(
      'd.jsonl line 3: guardrail source rendered "SIDEWAYS" (expected input or output)',
    );
  });
});
