/**
 * One environment: the ingest and processed buckets, the alarm topic, and the copy, resize and
 * etl pipelines wired to their prefixes. Everything that varies comes from EnvironmentConfig.
 */
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { TerraformElement, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct, Node } from 'constructs';
import { loadArtifact, type LambdaArtifact } from '../artifacts.js';
import {
  PIPELINE_NAMES,
  type BucketRole,
  type EnvironmentConfig,
  type PipelineName,
} from '../config/index.js';
import { AlarmTopic } from '../constructs/alarm-topic.js';
import { PipelineFunction } from '../constructs/pipeline-function.js';
import { S3Trigger } from '../constructs/s3-trigger.js';
import { SecureBucket } from '../constructs/secure-bucket.js';
import { configureBackend } from './backend.js';
import { pipelineWiring, type BucketsByRole } from './pipeline-wiring.js';
import { awsProvider } from './provider.js';
import { ReadableLogicalIds } from './readable-ids.js';

export interface PipelineStackProps {
  /** A validated environment (see loadEnvironment). */
  readonly config: EnvironmentConfig;
  /** Repository root: the apps' zips are read from `apps/<app>/artifacts/`. */
  readonly repoRoot: string;
  /** Point the provider at an emulator. @default no endpoint override */
  readonly endpointUrl?: string;
}

export class PipelineStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  /** The zips each function deploys, hashed when the stack was built. */
  readonly artifacts: Readonly<Record<PipelineName, LambdaArtifact>>;
  readonly buckets: BucketsByRole;
  readonly functions: Readonly<Record<PipelineName, PipelineFunction>>;
  readonly alarmTopic: AlarmTopic;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    awsProvider(this, config, props.endpointUrl);
    configureBackend(this, config.backend);
    const account = new DataAwsCallerIdentity(this, 'account');
    // An emulator on plain http evaluates the TLS-only policy and would refuse every request.
    this.buckets = createBuckets(this, config, !props.endpointUrl?.startsWith('http://'));
    this.alarmTopic = new AlarmTopic(this, 'alarms', {
      topicName: `${config.namePrefix}-alarms`,
      email: config.alarmEmail,
      tags: config.tags,
    });
    const functions = {} as Record<PipelineName, PipelineFunction>;
    const artifacts = {} as Record<PipelineName, LambdaArtifact>;
    for (const pipeline of PIPELINE_NAMES) {
      artifacts[pipeline] = loadArtifact(props.repoRoot, pipeline, config.architecture);
      const wiring = pipelineWiring(pipeline, config, this.buckets);
      const fn = new PipelineFunction(this, pipeline, {
        ...config.pipelines[pipeline].function,
        functionName: `${config.namePrefix}-${pipeline}`,
        artifact: artifacts[pipeline],
        architecture: config.architecture,
        environment: wiring.environment,
        logRetentionDays: config.logRetentionDays,
        grants: wiring.grants,
        alarmTopicArn: this.alarmTopic.topic.arn,
        tags: config.tags,
      });
      new S3Trigger(this, `${pipeline}-trigger`, {
        bucket: this.buckets[wiring.source.bucket],
        function: fn.function,
        accountId: account.accountId,
        prefix: wiring.source.prefix,
      });
      functions[pipeline] = fn;
    }
    this.functions = functions;
    this.artifacts = artifacts;
    this.declareOutputs(config);
  }

  private readableIds?: ReadableLogicalIds;

  /** Path-based logical ids (see readable-ids.ts); called by cdktf for every element. */
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    this.readableIds ??= new ReadableLogicalIds();
    return this.readableIds.allocate(
      this.node,
      TerraformElement.isTerraformElement(element) ? element.node : element,
    );
  }

  /** Names the local cloud and operators need after an apply. */
  private declareOutputs(config: EnvironmentConfig): void {
    new TerraformOutput(this, 'buckets', {
      value: { ingest: this.buckets.ingest.bucket.bucket, processed: this.buckets.processed.bucket.bucket },
    });
    new TerraformOutput(this, 'alarm_topic_arn', { value: this.alarmTopic.topic.arn });
    new TerraformOutput(this, 'functions', {
      value: Object.fromEntries(
        PIPELINE_NAMES.map((pipeline) => {
          const fn = this.functions[pipeline];
          const source = config.pipelines[pipeline].source;
          return [
            pipeline,
            {
              name: fn.function.functionName,
              arn: fn.function.arn,
              failure_queue_url: fn.failureQueue.queue.url,
              source_bucket: this.buckets[source.bucket].bucket.bucket,
              source_prefix: `${source.prefix}/`,
            },
          ];
        }),
      ),
    });
  }
}

function createBuckets(scope: Construct, config: EnvironmentConfig, enforceTls: boolean): BucketsByRole {
  const { lifecycle } = config;
  const common = {
    kmsKeyArn: config.bucketKmsKeyArn,
    forceDestroy: config.forceDestroyBuckets,
    tags: config.tags,
    enforceTls,
  };
  const rejectedIn = (bucket: BucketRole) =>
    [config.pipelines.copy.rejected, config.pipelines.resize.rejected, config.pipelines.etl.rejected]
      .filter((l) => l.bucket === bucket)
      .map((l) => ({ prefix: l.prefix, days: lifecycle.rejectedExpireDays }));
  const ingest = new SecureBucket(scope, 'ingest', {
    ...common,
    bucketName: `${config.namePrefix}-ingest`,
    // Primary data: uploads cannot be rebuilt, so keep versions and archive originals.
    versioned: true,
    lifecycle: {
      archive: { afterDays: lifecycle.archiveAfterDays, storageClass: lifecycle.archiveStorageClass },
      noncurrentVersionExpireDays: lifecycle.noncurrentVersionExpireDays,
      expirePrefixes: rejectedIn('ingest'),
      abortIncompleteMultipartDays: lifecycle.abortIncompleteMultipartDays,
    },
  });
  const processed = new SecureBucket(scope, 'processed', {
    ...common,
    bucketName: `${config.namePrefix}-processed`,
    lifecycle: {
      expirePrefixes: rejectedIn('processed'),
      abortIncompleteMultipartDays: lifecycle.abortIncompleteMultipartDays,
    },
  });
  return { ingest, processed };
}
