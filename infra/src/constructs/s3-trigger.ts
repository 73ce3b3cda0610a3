/**
 * Invokes a function when objects are created under a prefix of a bucket: a Lambda permission
 * scoped to that bucket and account, plus an entry in the bucket's single notification resource.
 */
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { Construct } from 'constructs';
import { BucketNotifications } from './bucket-notifications.js';
import type { SecureBucket } from './secure-bucket.js';

export interface S3TriggerProps {
  readonly bucket: SecureBucket;
  readonly function: LambdaFunction;
  /** Account that owns the bucket (aws:SourceAccount), guarding against a re-created bucket of the same name elsewhere. */
  readonly accountId: string;
  /** Folder without trailing slash; the filter becomes `<prefix>/`. */
  readonly prefix: string;
  /** @default no suffix filter */
  readonly suffix?: string;
  /** @default ['s3:ObjectCreated:*'] */
  readonly events?: readonly string[];
}

export class S3Trigger extends Construct {
  readonly permission: LambdaPermission;
  readonly filterPrefix: string;

  constructor(scope: Construct, id: string, props: S3TriggerProps) {
    super(scope, id);
    this.filterPrefix = `${props.prefix}/`;
    this.permission = new LambdaPermission(this, 'permission', {
      statementId: `AllowS3Invoke-${id}`,
      action: 'lambda:InvokeFunction',
      functionName: props.function.functionName,
      principal: 's3.amazonaws.com',
      sourceArn: props.bucket.bucket.arn,
      sourceAccount: props.accountId,
    });
    BucketNotifications.of(props.bucket).addLambda({
      id: id,
      functionArn: props.function.arn,
      events: props.events ?? ['s3:ObjectCreated:*'],
      filterPrefix: this.filterPrefix,
      filterSuffix: props.suffix,
      permission: this.permission,
    });
  }
}
