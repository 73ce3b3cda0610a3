/**
 * S3 keeps exactly one notification configuration per bucket: a second aws_s3_bucket_notification
 * on the same bucket silently replaces the first (terraform-provider-aws #501). This construct is
 * that single resource; every trigger on the bucket adds its entry here instead of declaring its own.
 */
import {
  S3BucketNotification,
  type S3BucketNotificationLambdaFunction,
} from '@cdktf/provider-aws/lib/s3-bucket-notification/index.js';
import { dependable, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { SecureBucket } from './secure-bucket.js';

export interface LambdaNotification {
  readonly id: string;
  readonly functionArn: string;
  readonly events: readonly string[];
  readonly filterPrefix?: string;
  readonly filterSuffix?: string;
  /** The Lambda permission the entry needs; S3 validates it when the configuration is written. */
  readonly permission: ITerraformDependable;
}

const CHILD_ID = 'notifications';

export class BucketNotifications extends Construct {
  /** The one notification set of `bucket`, created on first use. */
  static of(bucket: SecureBucket): BucketNotifications {
    const existing = bucket.node.tryFindChild(CHILD_ID);
    return existing instanceof BucketNotifications
      ? existing
      : new BucketNotifications(bucket, CHILD_ID, bucket);
  }

  readonly resource: S3BucketNotification;
  private readonly entries: S3BucketNotificationLambdaFunction[] = [];

  private constructor(scope: Construct, id: string, bucket: SecureBucket) {
    super(scope, id);
    this.resource = new S3BucketNotification(this, 'notification', {
      bucket: bucket.bucket.id,
      lambdaFunction: [],
    });
  }

  addLambda(notification: LambdaNotification): void {
    this.entries.push({
      id: notification.id,
      lambdaFunctionArn: notification.functionArn,
      events: [...notification.events],
      filterPrefix: notification.filterPrefix,
      filterSuffix: notification.filterSuffix,
    });
    this.resource.putLambdaFunction([...this.entries]);
    this.resource.dependsOn = [...(this.resource.dependsOn ?? []), dependable(notification.permission)];
  }

  get lambdaCount(): number {
    return this.entries.length;
  }
}
