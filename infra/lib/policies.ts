/**
 * IAM for the jobs: one role per job, assumed by CodeBuild, holding the suites' statements (`arns.ts`) plus
 * exactly the bucket prefixes, topic and key it uses. No `*` action; Resource `*` only on the permission-only
 * actions listed in `PERMISSION_ONLY_ACTIONS` (region-conditioned).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { StatementSpec } from './arns.ts';

export function toPolicyStatements(specs: readonly StatementSpec[]): iam.PolicyStatement[] {
  return specs.map(
    (s) =>
      new iam.PolicyStatement({
        sid: s.sid,
        actions: s.actions,
        resources: s.resources,
        ...(s.conditions ? { conditions: s.conditions } : {}),
      }),
  );
}

export interface JobRoleProps {
  description: string;
  /** What the job's suites call (Bedrock, SageMaker). */
  suiteStatements: readonly StatementSpec[];
  bucket: s3.IBucket;
  key: kms.IKey;
  /** Object keys / key patterns the job reads (s3:GetObject). */
  reads: string[];
  /** Object keys / key patterns the job writes (s3:PutObject). */
  writes: string[];
  /** Prefixes the job may list (lets a missing object answer 404 instead of 403). */
  lists?: string[];
  /** The topic the job publishes to, if any. */
  topic?: sns.ITopic;
  /** More statements (e.g. reading CloudWatch metrics). */
  extra?: readonly StatementSpec[];
}

/** A CodeBuild job's role. Its inline policy is the whole grant (CodeBuild adds its own log-group statements). */
export class JobRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: JobRoleProps) {
    super(scope, id);
    const objects = (keys: string[]) => keys.map((k) => props.bucket.arnForObjects(k));
    const statements = [
      ...toPolicyStatements(props.suiteStatements),
      ...toPolicyStatements(props.extra ?? []),
      new iam.PolicyStatement({
        sid: 'UseResultsKey',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.key.keyArn],
      }),
    ];
    if (props.reads.length)
      statements.push(
        new iam.PolicyStatement({
          sid: 'ReadResults',
          actions: ['s3:GetObject'],
          resources: objects(props.reads),
        }),
      );
    if (props.writes.length)
      statements.push(
        new iam.PolicyStatement({
          sid: 'WriteResults',
          actions: ['s3:PutObject'],
          resources: objects(props.writes),
        }),
      );
    if (props.lists?.length)
      statements.push(
        new iam.PolicyStatement({
          sid: 'ListResults',
          actions: ['s3:ListBucket'],
          resources: [props.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': props.lists } },
        }),
      );
    if (props.topic)
      statements.push(
        new iam.PolicyStatement({
          sid: 'Notify',
          actions: ['sns:Publish'],
          resources: [props.topic.topicArn],
        }),
      );
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
      description: props.description,
      inlinePolicies: { job: new iam.PolicyDocument({ statements }) },
    });
  }
}
