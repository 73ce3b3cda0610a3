/**
 * An S3 bucket that is private, owner-enforced, encrypted and TLS-only by default, with lifecycle
 * rules for archiving originals, expiring rejected items and old versions, and aborting stale uploads.
 */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { Construct } from 'constructs';
import { policyDocument } from './policy-document.js';

export interface PrefixExpiration {
  /** Folder without trailing slash, e.g. `images/rejected`. */
  readonly prefix: string;
  readonly days: number;
}

interface SecureBucketLifecycle {
  /** Move current objects to `storageClass` after `afterDays`. @default no transition */
  readonly archive?: { readonly afterDays: number; readonly storageClass: string };
  /** Delete objects under these folders after the given days (rejection records). @default none */
  readonly expirePrefixes?: readonly PrefixExpiration[];
  /** Days before noncurrent versions are deleted (versioned buckets only). @default 30 */
  readonly noncurrentVersionExpireDays?: number;
  /** Days before incomplete multipart uploads are aborted. @default 1 */
  readonly abortIncompleteMultipartDays?: number;
}

export interface SecureBucketProps {
  readonly bucketName: string;
  /** Keep object versions: on for primary data that cannot be rebuilt. @default false */
  readonly versioned?: boolean;
  /** Encrypt with this KMS key (SSE-KMS with a bucket key). @default S3-managed keys (SSE-S3, AES256) */
  readonly kmsKeyArn?: string;
  /** Let terraform delete the bucket with its objects. @default false */
  readonly forceDestroy?: boolean;
  /**
   * Deny every request not made over TLS (bucket policy on `aws:SecureTransport`). Only an emulator
   * reached over plain http needs this off: it evaluates the policy and would refuse every request.
   * @default true
   */
  readonly enforceTls?: boolean;
  /** @default abort incomplete uploads after 1 day, expire noncurrent versions after 30 days */
  readonly lifecycle?: SecureBucketLifecycle;
  readonly tags?: Readonly<Record<string, string>>;
}

export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly kmsKeyArn: string | undefined;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.kmsKeyArn = props.kmsKeyArn;
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    const bucket = this.bucket.id;
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [
        props.kmsKeyArn === undefined
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }
          : {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                kmsMasterKeyId: props.kmsKeyArn,
              },
              bucketKeyEnabled: true,
            },
      ],
    });
    const versioning = props.versioned
      ? new S3BucketVersioningA(this, 'versioning', {
          bucket,
          versioningConfiguration: { status: 'Enabled' },
        })
      : undefined;
    if (props.enforceTls ?? true) this.denyInsecureTransport(publicAccess);
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: lifecycleRules(props.lifecycle ?? {}, props.versioned ?? false),
      dependsOn: versioning ? [versioning] : undefined,
    });
  }

  private denyInsecureTransport(publicAccess: S3BucketPublicAccessBlock): void {
    const tlsOnly = policyDocument(this, 'tls-only-policy', [
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        actions: ['s3:*'],
        resources: [this.bucket.arn, `${this.bucket.arn}/*`],
        principals: [{ type: '*', identifiers: ['*'] }],
        conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ]);
    new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: tlsOnly.json,
      dependsOn: [publicAccess],
    });
  }

  /** ARN of the objects under a folder (`prefix` without trailing slash). */
  objectsArn(prefix: string): string {
    return `${this.bucket.arn}/${prefix}/*`;
  }
}

function lifecycleRules(
  lifecycle: SecureBucketLifecycle,
  versioned: boolean,
): S3BucketLifecycleConfigurationRule[] {
  const everything = [{ prefix: '' }];
  const rules: S3BucketLifecycleConfigurationRule[] = [
    {
      id: 'abort-incomplete-multipart-uploads',
      status: 'Enabled',
      filter: everything,
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: lifecycle.abortIncompleteMultipartDays ?? 1 }],
    },
  ];
  if (lifecycle.archive) {
    rules.push({
      id: 'archive-originals',
      status: 'Enabled',
      filter: everything,
      transition: [{ days: lifecycle.archive.afterDays, storageClass: lifecycle.archive.storageClass }],
    });
  }
  if (versioned) {
    rules.push({
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: everything,
      noncurrentVersionExpiration: [{ noncurrentDays: lifecycle.noncurrentVersionExpireDays ?? 30 }],
    });
  }
  for (const expiry of lifecycle.expirePrefixes ?? []) {
    rules.push({
      id: `expire-${expiry.prefix.replace(/\//g, '-')}`,
      status: 'Enabled',
      filter: [{ prefix: `${expiry.prefix}/` }],
      expiration: [{ days: expiry.days }],
    });
  }
  return rules;
}
