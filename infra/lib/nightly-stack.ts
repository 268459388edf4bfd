/**
 * NightlyEvalStack: the results bucket and notification topic (`storage.ts`), and the nightly re-evaluation — an
 * EventBridge schedule starts a CodeBuild project that runs the suites with `--backend aws`, stores the DuckDB
 * file, Parquet export and HTML reports in the bucket under a dated prefix, and publishes to the topic when the
 * gate says rollback (`buildspec.ts`). Its role may call only what the suites name (`arns.ts`).
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { suiteStatements } from './arns.ts';
import { nightlyBuildSpec } from './buildspec.ts';
import type { InfraConfig } from './config.ts';
import { JobRole } from './policies.ts';
import { DB_KEY, EvalgateStorage, RUNS_PREFIX } from './storage.ts';
import type { SuiteResources } from './suite-resources.ts';

export interface NightlyEvalStackProps extends StackProps {
  config: InfraConfig;
  /** What the nightly suites call (`collectSuiteResources` of the loaded `config.suites`). */
  resources: SuiteResources;
}

/** CodeBuild's standard Linux image and settings shared by the jobs. */
export function jobEnvironment(): codebuild.BuildEnvironment {
  return { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.MEDIUM };
}

export class NightlyEvalStack extends Stack {
  readonly storage: EvalgateStorage;
  readonly project: codebuild.Project;
  readonly role: JobRole;

  constructor(scope: Construct, id: string, props: NightlyEvalStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.storage = new EvalgateStorage(this, 'Storage', config);
    const { bucket, key, topic } = this.storage;
    const env = {
      partition: this.partition,
      region: this.region,
      account: this.account,
      profileRegions: config.profileRegions,
    };
    this.role = new JobRole(this, 'NightlyJob', {
      description: 'evalgate nightly re-evaluation (CodeBuild): the suites, the results bucket, the topic',
      suiteStatements: suiteStatements(props.resources, env),
      bucket,
      key,
      reads: [DB_KEY],
      writes: [DB_KEY, `${RUNS_PREFIX}*`],
      lists: [DB_KEY],
      topic,
    });
    const logGroup = new logs.LogGroup(this, 'NightlyLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.project = new codebuild.Project(this, 'Nightly', {
      description: 'evalgate nightly re-evaluation against AWS',
      role: this.role.role,
      buildSpec: codebuild.BuildSpec.fromObject(nightlyBuildSpec()),
      environment: jobEnvironment(),
      environmentVariables: {
        SOURCE_REPO: { value: config.sourceRepo },
        SOURCE_BRANCH: { value: config.sourceBranch },
        SUITES: { value: config.suites.join(' ') },
        RESULTS_BUCKET: { value: bucket.bucketName },
        DB_KEY: { value: DB_KEY },
        TOPIC_ARN: { value: topic.topicArn },
      },
      logging: { cloudWatch: { logGroup } },
      timeout: Duration.hours(8),
      concurrentBuildLimit: 1,
    });
    new events.Rule(this, 'Schedule', {
      description: 'Starts the evalgate nightly re-evaluation',
      schedule: events.Schedule.expression(config.schedule),
      targets: [new targets.CodeBuildProject(this.project)],
    });
    new CfnOutput(this, 'ResultsBucket', { value: bucket.bucketName });
    new CfnOutput(this, 'NotificationTopic', { value: topic.topicArn });
    new CfnOutput(this, 'NightlyProject', { value: this.project.projectName });
  }
}
