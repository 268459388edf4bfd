/**
 * CanaryStack: the metric-gated canary of a SageMaker endpoint with two production variants (baseline and canary,
 * as `suites/sagemaker-variants.yaml` pins them) — a Step Functions state machine (`canary-definition.ts`) that
 * shifts traffic stage by stage and runs the gate job (CodeBuild) after each wait. The gate job runs the canary
 * suites (quality rules) and judges the live CloudWatch figures with `evalgate gate --stage N`.
 * The bucket, key and topic come from the NightlyEvalStack (`storage`).
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { EvalgateError } from '../../src/core/errors.ts';
import { suiteStatements } from './arns.ts';
import { canaryPolicy, gateBuildSpec } from './buildspec.ts';
import { canaryDefinition } from './canary-definition.ts';
import type { InfraConfig } from './config.ts';
import { jobEnvironment } from './nightly-stack.ts';
import { JobRole } from './policies.ts';
import { CANARY_PREFIX, type EvalgateStorage } from './storage.ts';
import type { EndpointUse, SuiteResources } from './suite-resources.ts';

export interface CanaryStackProps extends StackProps {
  config: InfraConfig;
  /** What the canary suites call (`collectSuiteResources` of the loaded `config.canary.suites`). */
  resources: SuiteResources;
  storage: Pick<EvalgateStorage, 'bucket' | 'key' | 'topic'>;
}

/** The endpoint and variants the canary shifts: from context, else the canary suites' one endpoint. */
export function canaryTarget(
  config: InfraConfig,
  resources: SuiteResources,
): Required<Pick<EndpointUse, 'name'>> & {
  region?: string;
  baseline: string;
  canary: string;
} {
  const c = config.canary;
  const endpoints = resources.endpoints;
  const named = c.endpoint ? endpoints.find((e) => e.name === c.endpoint) : undefined;
  if (!c.endpoint && endpoints.length !== 1)
    throw new EvalgateError(
      'USAGE',
      `expected the canary suites (${c.suites.join(', ')}) to name exactly one SageMaker endpoint, found ${endpoints.length}; set canaryEndpoint`,
      'cdk context canarySuites',
    );
  const e = named ?? (c.endpoint ? undefined : endpoints[0]);
  const baseline = c.baselineVariant ?? e?.variants[0];
  const canary = c.canaryVariant ?? e?.variants.find((v) => v !== baseline);
  if (!baseline || !canary || baseline === canary)
    throw new EvalgateError(
      'USAGE',
      'expected two different production variants (pinned by the canary suites, or canaryBaselineVariant and canaryVariant)',
      'cdk context canaryVariant',
    );
  return { name: c.endpoint ?? e?.name ?? '', ...(e?.region ? { region: e.region } : {}), baseline, canary };
}

export class CanaryStack extends Stack {
  readonly stateMachine: sfn.StateMachine;
  readonly gateProject: codebuild.Project;
  readonly role: JobRole;

  constructor(scope: Construct, id: string, props: CanaryStackProps) {
    super(scope, id, props);
    const { config, storage } = props;
    const target = canaryTarget(config, props.resources);
    const env = {
      partition: this.partition,
      region: this.region,
      account: this.account,
      profileRegions: config.profileRegions,
    };
    const endpointArn = `arn:${this.partition}:sagemaker:${target.region ?? this.region}:${this.account}:endpoint/${target.name.toLowerCase()}`;
    this.role = new JobRole(this, 'GateJob', {
      description:
        'evalgate canary gate (CodeBuild): the canary suites, the endpoint metrics, the canary prefix',
      suiteStatements: suiteStatements(props.resources, env),
      extra: [
        {
          // GetMetricData supports no resource-level permissions (Service Authorization Reference)
          sid: 'ReadEndpointMetricsNoResourceType',
          actions: ['cloudwatch:GetMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:RequestedRegion': target.region ?? this.region } },
        },
      ],
      bucket: storage.bucket,
      key: storage.key,
      reads: [],
      writes: [`${CANARY_PREFIX}*`],
    });
    const logGroup = new logs.LogGroup(this, 'GateLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.gateProject = new codebuild.Project(this, 'Gate', {
      description: 'evalgate canary stage gate (started by the canary state machine with STAGE=N)',
      role: this.role.role,
      buildSpec: codebuild.BuildSpec.fromObject(gateBuildSpec()),
      environment: jobEnvironment(),
      environmentVariables: {
        SOURCE_REPO: { value: config.sourceRepo },
        SOURCE_BRANCH: { value: config.sourceBranch },
        SUITES: { value: config.canary.suites.join(' ') },
        RESULTS_BUCKET: { value: storage.bucket.bucketName },
        ENDPOINT_NAME: { value: target.name },
        BASELINE_VARIANT: { value: target.baseline },
        CANARY_VARIANT: { value: target.canary },
        CANARY_POLICY: { value: canaryPolicy(config.canary.stages, target.canary, target.baseline) },
        STAGE: { value: String(config.canary.stages[0]) },
        STAGE_STARTED: { value: '' },
        EXECUTION: { value: 'manual' },
      },
      logging: { cloudWatch: { logGroup } },
      timeout: Duration.hours(2),
    });
    const definition = canaryDefinition(this, {
      stages: config.canary.stages,
      waitMinutes: config.canary.waitMinutes,
      endpointName: target.name,
      endpointArn,
      baselineVariant: target.baseline,
      canaryVariant: target.canary,
      gateProject: this.gateProject,
      topic: storage.topic,
    });
    this.stateMachine = new sfn.StateMachine(this, 'Canary', {
      comment: `evalgate metric-gated canary of ${target.name}: ${config.canary.stages.join(' → ')} %`,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: Duration.minutes(config.canary.stages.length * (config.canary.waitMinutes + 150)),
    });
    // the topic is encrypted with the results key: publishing needs the key
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'NotifyWithResultsKey',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [storage.key.keyArn],
      }),
    );
    new CfnOutput(this, 'CanaryStateMachine', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'GateProject', { value: this.gateProject.projectName });
  }
}
