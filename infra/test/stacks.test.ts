import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../bin/app.ts';
import { PERMISSION_ONLY_ACTIONS } from '../lib/arns.ts';
import { asList, flatten, iamStatements } from './_template.ts';

const PSEUDO = { partition: 'aws', region: 'us-east-1', account: '111122223333' };
const EXAMPLES = ['guardrails', 'help-center-rag', 'sagemaker-variants', 'support-rag', 'support'].map(
  (n) => `suites/${n}.yaml`,
);
const fm = (id: string) => `arn:aws:bedrock:us-east-1::foundation-model/${id}`;

type _Json = Record<string, unknown>;

async function _synth(context: _Json = {}) {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'evalgate-infra-')),
    context: {
      account: PSEUDO.account,
      region: PSEUDO.region,
      suites: EXAMPLES,
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
      ...context,
    },
  });
  const { nightly, canary } = await buildApp(app);
  return { nightly: Template.fromStack(nightly), canary: Template.fromStack(canary) };
}

/** The state machine's States Language, intrinsics flattened (`<GetAtt:…>` for other resources). */
function _definition(t: Template): { StartAt: string; States: Record<string, _Json> } {
  const sm = Object.values(t.findResources('AWS::StepFunctions::StateMachine'))[0] as { Properties: _Json };
  return JSON.parse(String(flatten(sm.Properties.DefinitionString, PSEUDO)));
}

describe('synthesized stacks (example suites, account 111122223333, us-east-1)', () => {
  let nightly: Template;
  let canary: Template;
  beforeAll(async () => {
    ({ nightly, canary } = await _synth());
  });

  it('grants no * action, no service:* action, and Resource * only to permission-only actions, region-bound', () => {
    for (const t of [nightly, canary]) {
      const found = iamStatements(t.toJSON());
      expect(found.length).toBeGreaterThan(10);
      for (const { owner, statement: s } of found) {
        const where = `${owner} ${s.Sid ?? ''}`;
        expect(s.NotAction, where).toBeUndefined();
        expect(s.NotResource, where).toBeUndefined();
        const actions = asList(s.Action);
        for (const a of actions) expect(a === '*' || /^[\w-]+:\*$/.test(a), `${where} ${a}`).toBe(false);
        const resources = asList(flatten(s.Resource, PSEUDO) as string | string[]);
        if (resources.includes('*')) {
          expect(
            actions.every((a) => PERMISSION_ONLY_ACTIONS.has(a)),
            where,
          ).toBe(true);
          expect(s.Condition?.StringEquals?.['aws:RequestedRegion'], where).toBe('us-east-1');
        }
      }
      // no managed policies attached to any role
      for (const role of Object.values(t.findResources('AWS::IAM::Role')))
        expect((role as { Properties: _Json }).Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it("scopes the nightly role's Bedrock and SageMaker statements to the ARNs the suites name", () => {
    const role = Object.entries(nightly.findResources('AWS::IAM::Role')).find(([id]) =>
      id.startsWith('NightlyJob'),
    );
    const found = iamStatements({ Resources: Object.fromEntries([role as [string, never]]) });
    const bySid = Object.fromEntries(
      found.map(({ statement: s }) => [
        s.Sid,
        { a: s.Action, r: flatten(s.Resource, PSEUDO), c: s.Condition },
      ]),
    );
    expect(bySid.InvokeModels).toEqual({
      a: 'bedrock:InvokeModel',
      r: [
        fm('amazon.nova-lite-v1:0'),
        fm('amazon.nova-micro-v1:0'),
        fm('amazon.nova-pro-v1:0'),
        fm('amazon.titan-embed-text-v2:0'),
        fm('cohere.rerank-v3-5:0'),
      ],
      c: undefined,
    });
    expect(bySid.InvokeModelsStreaming?.r).toBe(fm('amazon.nova-pro-v1:0'));
    expect(bySid.ApplyGuardrails?.r).toBe('arn:aws:bedrock:us-east-1:111122223333:guardrail/acmesupport01');
    expect(bySid.RetrieveFromKnowledgeBases?.r).toBe(
      'arn:aws:bedrock:us-east-1:111122223333:knowledge-base/ACMEHELP01',
    );
    expect(bySid.InvokeEndpoints?.r).toBe('arn:aws:sagemaker:us-east-1:111122223333:endpoint/acme-support');
    expect(bySid.ReadResults).toEqual({
      a: 's3:GetObject',
      r: '<GetAtt:StorageResultsB2A4FB2E.Arn>/db/evalgate.duckdb',
      c: undefined,
    });
    expect(bySid.WriteResults?.r).toEqual([
      '<GetAtt:StorageResultsB2A4FB2E.Arn>/db/evalgate.duckdb',
      '<GetAtt:StorageResultsB2A4FB2E.Arn>/runs/*',
    ]);
    expect(bySid.Notify).toEqual({ a: 'sns:Publish', r: '<Ref:StorageNotifications276BDB26>', c: undefined });
    // the gate role: only the endpoint the canary suite names
    const gate = iamStatements(canary.toJSON()).filter(
      (f) => f.owner.startsWith('GateJobRole') && f.statement.Sid,
    );
    expect(gate.map((f) => f.statement.Sid)).toEqual([
      'InvokeEndpoints',
      'InvokeEndpointsStreaming',
      'ReadEndpointMetricsNoResourceType',
      'UseResultsKey',
      'WriteResults',
    ]);
  });

  it('encrypts, versions and closes the results bucket, with lifecycle rules', () => {
    nightly.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
            BucketKeyEnabled: true,
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'runs',
            Prefix: 'runs/',
            ExpirationInDays: 365,
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
            Status: 'Enabled',
          },
          {
            Id: 'old-versions',
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            ExpiredObjectDeleteMarker: true,
            Status: 'Enabled',
          },
        ],
      },
    });
    nightly.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    nightly.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    // plain HTTP is refused
    nightly.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('schedules the nightly build at 03:00 UTC and runs the suites against AWS', () => {
    nightly.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Nightly'), 'Arn'] } })],
    });
    const project = Object.values(nightly.findResources('AWS::CodeBuild::Project'))[0] as {
      Properties: _Json;
    };
    const spec = String((project.Properties.Source as _Json).BuildSpec);
    expect(spec).toContain(
      'pnpm evalgate run $SUITES --backend aws --region \\"$AWS_REGION\\" --out out --emf -',
    );
    expect(spec).toContain('pnpm evalgate export --parquet out/parquet');
    expect(spec).toContain('aws sns publish --topic-arn \\"$TOPIC_ARN\\"');
    const vars = (
      project.Properties.Environment as { EnvironmentVariables: { Name: string; Value: unknown }[] }
    ).EnvironmentVariables;
    expect(Object.fromEntries(vars.map((v) => [v.Name, v.Value])).SUITES).toBe(EXAMPLES.join(' '));
  });

  it('shifts traffic through the stages in order, gating each, with a rollback path and SNS notifications', () => {
    const d = _definition(canary);
    const order: string[] = [];
    for (let name: string | undefined = d.StartAt; name; name = d.States[name]?.Next as string | undefined)
      order.push(name);
    expect(order).toEqual([
      ...[10, 25, 50, 75, 100].flatMap((n) => [`Shift to ${n}%`, `Mark ${n}%`, `Wait ${n}%`, `Gate ${n}%`]),
      'Notify promote',
      'Promoted',
    ]);
    expect(d.States.Promoted?.Type).toBe('Succeed');
    for (const n of [10, 25, 50, 75, 100]) {
      const shift = d.States[`Shift to ${n}%`] as _Json;
      expect(shift.Resource).toBe('arn:aws:states:::aws-sdk:sagemaker:updateEndpointWeightsAndCapacities');
      expect(shift.Parameters).toEqual({
        EndpointName: 'acme-support',
        DesiredWeightsAndCapacities: [
          { VariantName: 'canary', DesiredWeight: n },
          { VariantName: 'baseline', DesiredWeight: 100 - n },
        ],
      });
      expect(d.States[`Wait ${n}%`]?.Seconds).toBe(600);
      const gate = d.States[`Gate ${n}%`] as _Json;
      expect(gate.Resource).toBe('arn:aws:states:::codebuild:startBuild.sync');
      expect((gate.Parameters as _Json).EnvironmentVariablesOverride).toEqual([
        { Name: 'STAGE', Type: 'PLAINTEXT', Value: String(n) },
        { Name: 'STAGE_STARTED', Type: 'PLAINTEXT', 'Value.$': '$.stage.startedAt' },
        { Name: 'EXECUTION', Type: 'PLAINTEXT', 'Value.$': '$$.Execution.Name' },
      ]);
      for (const s of [shift, gate])
        expect(s.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Roll back' }]);
    }
    expect((d.States['Roll back']?.Parameters as _Json | undefined)?.DesiredWeightsAndCapacities).toEqual([
      { VariantName: 'canary', DesiredWeight: 0 },
      { VariantName: 'baseline', DesiredWeight: 100 },
    ]);
    expect(d.States['Roll back']?.Next).toBe('Notify rollback');
    expect(d.States['Notify rollback']?.Next).toBe('Rolled back');
    expect(d.States['Rolled back']?.Type).toBe('Fail');
    for (const n of ['Notify rollback', 'Notify promote']) {
      expect(d.States[n]?.Resource).toBe('arn:aws:states:::sns:publish');
      expect((d.States[n]?.Parameters as _Json | undefined)?.TopicArn).toMatch(/^<Import:EvalgateNightly:/);
    }
  });

  it('lets the state machine change only the named endpoint', () => {
    const sm = iamStatements(canary.toJSON()).filter((f) => f.owner.startsWith('CanaryRole'));
    const update = sm.find((f) => f.statement.Action === 'sagemaker:UpdateEndpointWeightsAndCapacities');
    expect(flatten(update?.statement.Resource, PSEUDO)).toBe(
      'arn:aws:sagemaker:us-east-1:111122223333:endpoint/acme-support',
    );
  });
});

describe('context parameters', () => {
  it('take the schedule, stages and wait from context', async () => {
    const { nightly, canary } = await _synth({
      schedule: 'cron(30 1 * * ? *)',
      canaryStages: '20,100',
      canaryWaitMinutes: '3',
    });
    nightly.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(30 1 * * ? *)' });
    const d = _definition(canary);
    expect(Object.keys(d.States).filter((k) => k.startsWith('Gate'))).toEqual(['Gate 20%', 'Gate 100%']);
    expect(d.States['Wait 20%']?.Seconds).toBe(180);
  });
});
