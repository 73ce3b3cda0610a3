/**
 * One environment: the ingest and processed buckets, the alarm topic, and every registered
 * pipeline wired to its folders. Everything that varies comes from EnvironmentConfig and the
 * pipeline modules (src/pipelines/).
 */
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { TerraformElement, TerraformStack } from 'cdktf';
import type { Construct, Node } from 'constructs';
import { loadArtifact, type LambdaArtifact } from '../artifacts.js';
import { catalogTableNameOf, type EnvironmentConfig } from '../config/index.js';
import { AlarmTopic } from '../constructs/alarm-topic.js';
import { BatchOperationsRole } from '../constructs/batch-operations-role.js';
import { CatalogTable } from '../constructs/catalog-table.js';
import { PipelineDashboard } from '../constructs/pipeline-dashboard.js';
import { PipelineFunction } from '../constructs/pipeline-function.js';
import { RejectedShareAlarm } from '../constructs/rejected-share-alarm.js';
import { S3Trigger } from '../constructs/s3-trigger.js';
import type { Pipeline } from '../pipelines/kit/define.js';
import {
  byPipeline,
  PIPELINES,
  requireConfigOf,
  type PipelineName,
  type PipelineRegistry,
} from '../pipelines/registry.js';
import { triggerEventsOf } from '../pipelines/kit/environment.js';
import { configureBackend } from './backend.js';
import { createBuckets } from './buckets.js';
import { declareStackOutputs, type DeployedPipeline } from './outputs.js';
import { pipelineWiring, type BucketsByRole } from './pipeline-wiring.js';
import { awsProvider, TERRAFORM_REQUIRED_VERSION } from './provider.js';
import { ReadableLogicalIds } from './readable-ids.js';

export interface PipelineStackProps {
  /** A validated environment (see loadEnvironment), with an entry for every pipeline of `pipelines`. */
  readonly config: EnvironmentConfig;
  /** Repository root: the apps' zips are read from `apps/<pipeline>/artifacts/`. */
  readonly repoRoot: string;
  /** Point the provider at an emulator. @default no endpoint override */
  readonly endpointUrl?: string;
  /** The pipelines to deploy. @default PIPELINES (the registry) */
  readonly pipelines?: PipelineRegistry;
}

export class PipelineStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  /** The zips each function deploys, hashed when the stack was built. */
  readonly artifacts: Readonly<Record<PipelineName, LambdaArtifact>>;
  readonly buckets: BucketsByRole;
  /** The object catalog every function writes its outcomes to. */
  readonly catalog: CatalogTable;
  readonly functions: Readonly<Record<PipelineName, PipelineFunction>>;
  readonly alarmTopic: AlarmTopic;
  readonly dashboard: PipelineDashboard;
  /** The S3 Batch Operations job role, when `batchOperations.enabled`. */
  readonly batchOperations: BatchOperationsRole | undefined;
  private readonly accountId: string;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id);
    const { config } = props;
    const registry = props.pipelines ?? PIPELINES;
    this.config = config;
    awsProvider(this, config, props.endpointUrl);
    this.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);
    configureBackend(this, config.backend);
    this.accountId = new DataAwsCallerIdentity(this, 'account').accountId;
    // An emulator on plain http evaluates the TLS-only policy and would refuse every request.
    this.buckets = createBuckets(this, config, registry, !props.endpointUrl?.startsWith('http://'));
    this.catalog = new CatalogTable(this, 'object-catalog', {
      ...config.catalog,
      tableName: catalogTableNameOf(config.namePrefix),
      tags: config.tags,
    });
    this.alarmTopic = new AlarmTopic(this, 'alarms', {
      topicName: `${config.namePrefix}-alarms`,
      email: config.alarmEmail,
      tags: config.tags,
    });
    const deployed = registry.map((pipeline) =>
      this.addPipeline(pipeline, loadArtifact(props.repoRoot, pipeline.name, config.architecture)),
    );
    this.artifacts = byPipeline(deployed, (d) => d.artifact);
    this.functions = byPipeline(deployed, (d) => d.function);
    this.dashboard = new PipelineDashboard(this, 'dashboard', {
      dashboardName: `${config.namePrefix}-pipelines`,
      region: config.region,
      environment: config.name,
      pipelines: deployed.map((d) => ({
        pipeline: d.name,
        functionName: d.function.functionName,
        failureQueueName: d.function.failureQueueName,
        timeoutSeconds: d.config.function.timeoutSeconds,
      })),
    });
    this.batchOperations = config.batchOperations.enabled
      ? new BatchOperationsRole(this, 'batch-operations', {
          roleName: `${config.namePrefix}-batch-operations`,
          functionArns: deployed.map((d) => d.function.function.arn),
          bucket: this.buckets[config.batchOperations.location.bucket],
          prefix: config.batchOperations.location.prefix,
          accountId: this.accountId,
          tags: config.tags,
        })
      : undefined;
    declareStackOutputs(
      this,
      this.buckets,
      this.catalog,
      this.alarmTopic,
      deployed,
      this.batchOperations?.role.arn,
    );
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

  /** One pipeline: its function (role, logs, failure queue, alarms) and its S3 trigger. */
  private addPipeline(pipeline: Pipeline, artifact: LambdaArtifact): DeployedPipeline {
    const { config } = this;
    const settings = requireConfigOf(config.pipelines, pipeline);
    const wiring = pipelineWiring(pipeline, settings, config, this.buckets, {
      name: this.catalog.name,
      arn: this.catalog.arn,
    });
    const fn = new PipelineFunction(this, pipeline.name, {
      ...settings.function,
      functionName: wiring.functionName,
      artifact,
      architecture: config.architecture,
      environment: wiring.environment,
      logRetentionDays: config.logRetentionDays,
      grants: wiring.grants,
      alarmTopicArn: this.alarmTopic.topic.arn,
      tags: config.tags,
    });
    new RejectedShareAlarm(this, `${pipeline.name}-rejected-share`, {
      functionName: wiring.functionName,
      pipeline: pipeline.name,
      environment: config.name,
      thresholdPercent: config.rejectedShareAlarmPercent,
      topicArn: this.alarmTopic.topic.arn,
      tags: config.tags,
    });
    new S3Trigger(this, `${pipeline.name}-trigger`, {
      bucket: this.buckets[settings.source.bucket],
      function: fn.function,
      accountId: this.accountId,
      prefix: settings.source.prefix,
      suffix: pipeline.trigger?.suffix,
      events: triggerEventsOf(pipeline, settings),
    });
    return { name: pipeline.name, config: settings, function: fn, artifact };
  }
}
