import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Suite } from '../../src/config/schema.ts';
import { suiteStatements } from '../lib/arns.ts';
import { loadSuites } from '../lib/load-suites.ts';
import { classifyModelId, collectSuiteResources, type SuiteResources } from '../lib/suite-resources.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENV = { partition: 'aws', region: 'us-east-1', account: '111122223333' };
const fm = (id: string, region = 'us-east-1') => `arn:aws:bedrock:${region}::foundation-model/${id}`;
const OWN =
  "evalgate's own candidate name, not a Bedrock model (its resources come from the target's own block)";

describe('classifyModelId', () => {
  it.each([
    ['amazon.nova-lite-v1:0', 'foundation-model'],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'foundation-model'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'profile'],
    ['apac.amazon.nova-pro-v1:0', 'profile'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'profile'],
    ['arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0', 'arn'],
    ['guardrail/acmesupport01:1', 'skip'],
    ['rag-pipeline/bm25', 'skip'],
    ['router/routed', 'skip'],
    ['local-echo', 'skip'],
  ])('%s is %s', (id, kind) => {
    expect(classifyModelId(id).kind).toBe(kind);
  });
});

/** The example suites this file's expectations were computed from (the folder grows as issues land). */
const EXAMPLES = ['guardrails', 'help-center-rag', 'sagemaker-variants', 'support-rag', 'support'].map(
  (n) => `suites/${n}.yaml`,
);

describe('the example suites', () => {
  let res: SuiteResources;
  beforeAll(async () => {
    res = collectSuiteResources(await loadSuites(REPO, EXAMPLES));
  });

  it('collects every model, guardrail, knowledge base and endpoint they name', () => {
    expect(res.models).toEqual([
      { id: 'amazon.nova-lite-v1:0', invoke: true, stream: false },
      { id: 'amazon.nova-micro-v1:0', invoke: true, stream: false },
      // support.yaml streams nova-pro (converse-stream); the judges and support-rag call it plainly
      { id: 'amazon.nova-pro-v1:0', invoke: true, stream: true },
      { id: 'amazon.titan-embed-text-v2:0', invoke: true, stream: false },
      { id: 'cohere.rerank-v3-5:0', invoke: true, stream: false },
    ]);
    expect(res.guardrails).toEqual([{ id: 'acmesupport01' }]);
    expect(res.knowledgeBases).toEqual([{ id: 'ACMEHELP01', generate: true }]);
    expect(res.endpoints).toEqual([
      { name: 'acme-support', invoke: true, stream: true, variants: ['baseline', 'canary'] },
    ]);
    expect(res.prompts).toEqual([]);
    expect(res.retrieveAndGenerateRegions).toEqual([undefined]);
    expect(res.rerankRegions).toEqual([undefined]);
  });

  it("skips evalgate's synthetic candidate names, saying where and why", () => {
    expect(res.skipped.map((s) => [s.id, s.where])).toEqual([
      ['guardrail/acmesupport01:1', 'suites/guardrails.yaml: targets[0].model'],
      ['guardrail/acmesupport01:2', 'suites/guardrails.yaml: targets[1].model'],
      ['knowledge-base/ACMEHELP01', 'suites/help-center-rag.yaml: targets[0].model'],
      ['sagemaker/acme-support/baseline', 'suites/sagemaker-variants.yaml: targets[0].model'],
      ['sagemaker/acme-support/canary', 'suites/sagemaker-variants.yaml: targets[1].model'],
    ]);
    expect(new Set(res.skipped.map((s) => s.why))).toEqual(new Set([OWN]));
  });

  it('maps them to the ARNs of the stack region and account', () => {
    const byId = Object.fromEntries(suiteStatements(res, ENV).map((s) => [s.sid, s]));
    expect(Object.keys(byId)).toEqual([
      'InvokeModels',
      'InvokeModelsStreaming',
      'ApplyGuardrails',
      'RetrieveFromKnowledgeBases',
      'RetrieveAndGenerateNoResourceType',
      'RerankNoResourceType',
      'InvokeEndpoints',
      'InvokeEndpointsStreaming',
    ]);
    expect(byId.InvokeModels?.resources).toEqual([
      fm('amazon.nova-lite-v1:0'),
      fm('amazon.nova-micro-v1:0'),
      fm('amazon.nova-pro-v1:0'),
      fm('amazon.titan-embed-text-v2:0'),
      fm('cohere.rerank-v3-5:0'),
    ]);
    expect(byId.InvokeModelsStreaming?.resources).toEqual([fm('amazon.nova-pro-v1:0')]);
    expect(byId.ApplyGuardrails?.resources).toEqual([
      'arn:aws:bedrock:us-east-1:111122223333:guardrail/acmesupport01',
    ]);
    expect(byId.RetrieveFromKnowledgeBases?.resources).toEqual([
      'arn:aws:bedrock:us-east-1:111122223333:knowledge-base/ACMEHELP01',
    ]);
    expect(byId.RetrieveAndGenerateNoResourceType).toEqual({
      sid: 'RetrieveAndGenerateNoResourceType',
      actions: ['bedrock:RetrieveAndGenerate'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
    });
    expect(byId.InvokeEndpoints?.resources).toEqual([
      'arn:aws:sagemaker:us-east-1:111122223333:endpoint/acme-support',
    ]);
    expect(byId.InvokeEndpointsStreaming?.actions).toEqual(['sagemaker:InvokeEndpointWithResponseStream']);
  });
});

describe('the fixture suite (profiles, regions, ARNs, managed prompt, guardrail on converse, rerank)', () => {
  let res: SuiteResources;
  beforeAll(async () => {
    res = collectSuiteResources(await loadSuites(REPO, ['infra/test/fixtures/aws-suite.yaml']));
  });

  it('keeps a target region with its resources and an ARN as written', () => {
    expect(res.models.map((m) => [m.id, m.region, m.invoke, m.stream])).toEqual([
      ['amazon.nova-lite-v1:0', undefined, true, false],
      ['arn:aws:bedrock:us-east-1:111122223333:custom-model-deployment/abc123', undefined, true, false],
      ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', undefined, true, false],
      ['us.amazon.nova-premier-v1:0', undefined, true, false],
      ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', undefined, false, true],
      ['eu.anthropic.claude-3-7-sonnet-20250219-v1:0', 'eu-west-1', true, false],
      ['amazon.nova-pro-v1:0', 'us-west-2', true, false],
      ['amazon.rerank-v1:0', 'us-west-2', true, false],
    ]);
    expect(res.prompts).toEqual([
      { arn: 'arn:aws:bedrock:us-east-1:111122223333:prompt/PROMPT0001:3', invoke: true, stream: false },
    ]);
    expect(res.endpoints).toEqual([
      { name: 'Acme-Support', invoke: false, stream: true, variants: ['canary'] },
    ]);
  });

  it('grants a geographic profile its ARN plus the foundation model in every region of the geography, through it', () => {
    const specs = suiteStatements(res, ENV);
    const us =
      'arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const streamed = specs.find((s) => s.sid === 'InvokeModelsStreaming');
    expect(streamed?.resources).toEqual([us]);
    const via = specs.find((s) => s.conditions?.StringEquals?.['bedrock:InferenceProfileArn'] === us);
    const claude = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
    expect(via?.actions).toEqual(['bedrock:InvokeModelWithResponseStream']);
    expect(via?.resources).toEqual(
      ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'].map((r) => fm(claude, r)),
    );
    // eu profile invoked from the target's region eu-west-1
    const eu =
      'arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0';
    const viaEu = specs.find((s) => s.conditions?.StringEquals?.['bedrock:InferenceProfileArn'] === eu);
    expect(viaEu?.resources[0]).toBe(fm('anthropic.claude-3-7-sonnet-20250219-v1:0', 'eu-west-1'));
    expect(viaEu?.resources).toHaveLength(8);
    expect(viaEu?.resources.every((r) => /^arn:aws:bedrock:eu-[a-z]+-\d::foundation-model\//.test(r))).toBe(
      true,
    );
  });

  it('grants a global profile the unregioned foundation model only with aws:RequestedRegion unspecified', () => {
    const specs = suiteStatements(res, ENV);
    const arn =
      'arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const via = specs.filter((s) => s.conditions?.StringEquals?.['bedrock:InferenceProfileArn'] === arn);
    expect(via.map((s) => s.resources)).toEqual([
      [fm('anthropic.claude-sonnet-4-5-20250929-v1:0')],
      ['arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0'],
    ]);
    expect(via[1]?.conditions?.StringEquals?.['aws:RequestedRegion']).toBe('unspecified');
  });

  it('scopes prompts, guardrails, knowledge bases and endpoints', () => {
    const byId = Object.fromEntries(suiteStatements(res, ENV).map((s) => [s.sid, s]));
    expect(byId.RenderManagedPrompts?.resources).toEqual([
      'arn:aws:bedrock:us-east-1:111122223333:prompt/PROMPT0001',
      'arn:aws:bedrock:us-east-1:111122223333:prompt/PROMPT0001:3',
    ]);
    expect(byId.ApplyGuardrails?.resources).toEqual([
      'arn:aws:bedrock:us-east-1:111122223333:guardrail/abcguard01',
    ]);
    expect(byId.RetrieveFromKnowledgeBases?.resources).toEqual([
      'arn:aws:bedrock:us-west-2:111122223333:knowledge-base/KBWEST0001',
    ]);
    expect(byId.RerankNoResourceType?.conditions).toEqual({
      StringEquals: { 'aws:RequestedRegion': 'us-west-2' },
    });
    // endpoint ARNs are lower-case
    expect(byId.InvokeEndpointsStreaming?.resources).toEqual([
      'arn:aws:sagemaker:us-east-1:111122223333:endpoint/acme-support',
    ]);
    expect(byId.InvokeEndpoints).toBeUndefined();
    expect(byId.InvokeModels?.resources).toContain(
      'arn:aws:bedrock:us-east-1:111122223333:custom-model-deployment/abc123',
    );
  });
});

describe('every suite in suites/', () => {
  it('loads, and skips nothing but synthetic candidate names', async () => {
    const res = collectSuiteResources(await loadSuites(REPO, ['suites']));
    expect(res.models.length).toBeGreaterThanOrEqual(5);
    expect(res.skipped.filter((s) => s.why !== OWN)).toEqual([]);
    expect(res.models.every((m) => classifyModelId(m.id).kind !== 'skip')).toBe(true);
  });
});

describe('the generic walk', () => {
  it('finds models nested in any target kind (router tiers and classifier, a future kind) and skips what cannot exist', () => {
    const suite = {
      targets: [
        {
          id: 'routed',
          api: 'router',
          model: 'router/routed',
          router: {
            tiers: {
              simple: { model: 'amazon.nova-micro-v1:0' },
              hard: { model: 'us.amazon.nova-pro-v1:0' },
            },
            classifier: { model: 'amazon.nova-lite-v1:0' },
            default: 'hard',
          },
        },
        {
          id: 'agent',
          api: 'agent',
          model: 'local-echo',
          tools: [{ planner: { modelId: 'mistral.mistral-large-2407-v1:0' } }],
        },
      ],
      scorers: [{ type: 'rubric', judge: { model: 'amazon.nova-pro-v1:0' } }],
    } as unknown as Suite;
    const res = collectSuiteResources([{ displayPath: 'mem.yaml', suite }]);
    expect(res.models.map((m) => m.id)).toEqual([
      'amazon.nova-lite-v1:0',
      'amazon.nova-micro-v1:0',
      'amazon.nova-pro-v1:0',
      'mistral.mistral-large-2407-v1:0',
      'us.amazon.nova-pro-v1:0',
    ]);
    expect(res.skipped).toEqual([
      { id: 'router/routed', where: 'mem.yaml: targets[0].model', why: OWN },
      {
        id: 'local-echo',
        where: 'mem.yaml: targets[1].model',
        why: 'not a Bedrock model id (provider.model, an inference profile id or an ARN)',
      },
    ]);
  });
});
