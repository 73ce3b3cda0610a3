/**
 * The Athena workgroup analysts query the curated datasets in. Its configuration is enforced, so a
 * client cannot send results elsewhere or lift the cutoff: results go encrypted (SSE-KMS with the
 * bucket's key when it has one, else SSE-S3) to a folder of the processed bucket that no trigger
 * watches and a lifecycle rule expires, and a query that would scan more than the cutoff is cancelled.
 */
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup/index.js';
import { Construct } from 'constructs';
import type { SecureBucket } from './secure-bucket.js';

export interface QueryWorkgroupProps {
  readonly workgroupName: string;
  /** The bucket Athena writes results to, and its folder (no slashes at the ends). */
  readonly resultsBucket: SecureBucket;
  readonly resultsPrefix: string;
  readonly bytesScannedCutoffPerQuery: number;
  /** Delete the workgroup with its query history (throwaway environments). @default false */
  readonly forceDestroy?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export class QueryWorkgroup extends Construct {
  readonly workgroup: AthenaWorkgroup;
  /** `s3://<bucket>/<prefix>/`: where every query's results land. */
  readonly resultsLocation: string;

  constructor(scope: Construct, id: string, props: QueryWorkgroupProps) {
    super(scope, id);
    const { resultsBucket: bucket } = props;
    this.resultsLocation = `s3://${bucket.bucket.bucket}/${props.resultsPrefix}/`;
    this.workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: props.workgroupName,
      description: 'Queries over the curated datasets (Glue catalog)',
      state: 'ENABLED',
      forceDestroy: props.forceDestroy ?? false,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        resultConfiguration: {
          outputLocation: this.resultsLocation,
          encryptionConfiguration:
            bucket.kmsKeyArn === undefined
              ? { encryptionOption: 'SSE_S3' }
              : { encryptionOption: 'SSE_KMS', kmsKeyArn: bucket.kmsKeyArn },
        },
      },
      tags: props.tags ? { ...props.tags } : undefined,
    });
  }
}
