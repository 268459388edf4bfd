/**
 * The results bucket and the notification topic, shared by the nightly job and the canary: one customer-managed
 * KMS key (rotated) encrypts both. The bucket is versioned, blocks all public access, refuses plain HTTP, and
 * keeps `runs/` (dated run folders) for `retentionDays` (Standard-IA after `infrequentAccessDays`); older versions
 * of any object (e.g. the results database `db/evalgate.duckdb`) are kept `noncurrentVersionDays`.
 *
 * Layout: `db/evalgate.duckdb` (the project's results database, read and written back by each job),
 * `runs/YYYY-MM-DD/` (that night's database copy, report folders, Parquet + athena.sql), `canary/<execution>/`
 * (stage verdicts).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface StorageProps {
  retentionDays: number;
  infrequentAccessDays: number;
  noncurrentVersionDays: number;
  notifyEmail?: string;
}

export const DB_KEY = 'db/evalgate.duckdb';
export const RUNS_PREFIX = 'runs/';
export const CANARY_PREFIX = 'canary/';

export class EvalgateStorage extends Construct {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'evalgate results bucket and notification topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const transition =
      props.retentionDays > props.infrequentAccessDays
        ? [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(props.infrequentAccessDays),
            },
          ]
        : [];
    this.bucket = new s3.Bucket(this, 'Results', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'runs',
          prefix: RUNS_PREFIX,
          expiration: Duration.days(props.retentionDays),
          transitions: transition,
        },
        {
          id: 'old-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          expiredObjectDeleteMarker: true,
        },
      ],
    });
    this.topic = new sns.Topic(this, 'Notifications', {
      displayName: 'evalgate verdicts',
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.notifyEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.notifyEmail));
  }
}
