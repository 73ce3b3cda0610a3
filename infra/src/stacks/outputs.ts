/**
 * The stack's terraform outputs, typed: what the local cloud and operators read after an apply.
 * Functions are keyed by pipeline name.
 */
import { TerraformOutput, type TerraformStack } from 'cdktf';
import type { LambdaArtifact } from '../artifacts.js';
import type { BucketRole } from '../config/index.js';
import type { AlarmTopic } from '../constructs/alarm-topic.js';
import type { CatalogTable } from '../constructs/catalog-table.js';
import type { PipelineFunction } from '../constructs/pipeline-function.js';
import type { PipelineModuleConfig } from '../pipelines/kit/define.js';
import { sourcePrefixValue } from '../pipelines/kit/environment.js';
import type { PipelineName } from '../pipelines/registry.js';
import type { BucketsByRole } from './pipeline-wiring.js';

/** One function as `terraform output -json functions` shows it. */
export interface FunctionOutputs {
  readonly name: string;
  readonly arn: string;
  readonly failure_queue_url: string;
  readonly source_bucket: string;
  /** The trigger's filter prefix, with its trailing slash (`uploads/`). */
  readonly source_prefix: string;
}

/** The object catalog table as `terraform output -json catalog` shows it. */
interface CatalogOutputs {
  readonly table_name: string;
  readonly table_arn: string;
  /** The table's stream (new and old images): how a consumer learns that outputs are ready. */
  readonly stream_arn: string;
}

/** Every output of a pipeline stack (`terraform output -json`, values unwrapped). */
export interface StackOutputs {
  readonly buckets: Readonly<Record<BucketRole, string>>;
  readonly catalog: CatalogOutputs;
  readonly alarm_topic_arn: string;
  readonly functions: Readonly<Record<PipelineName, FunctionOutputs>>;
  /** The S3 Batch Operations job role, when the environment enables it. */
  readonly batch_operations_role_arn?: string;
}

/** A deployed pipeline: its configuration, its function and the zip it runs. */
export interface DeployedPipeline {
  readonly name: string;
  readonly config: PipelineModuleConfig;
  readonly function: PipelineFunction;
  readonly artifact: LambdaArtifact;
}

export function declareStackOutputs(
  stack: TerraformStack,
  buckets: BucketsByRole,
  catalog: CatalogTable,
  alarmTopic: AlarmTopic,
  pipelines: readonly DeployedPipeline[],
  batchOperationsRoleArn?: string,
): void {
  new TerraformOutput(stack, 'buckets', {
    value: { ingest: buckets.ingest.bucket.bucket, processed: buckets.processed.bucket.bucket },
  });
  const catalogOutputs: CatalogOutputs = {
    table_name: catalog.name,
    table_arn: catalog.arn,
    stream_arn: catalog.streamArn,
  };
  new TerraformOutput(stack, 'catalog', { value: catalogOutputs });
  new TerraformOutput(stack, 'alarm_topic_arn', { value: alarmTopic.topic.arn });
  new TerraformOutput(stack, 'functions', {
    value: Object.fromEntries(pipelines.map((p) => [p.name, functionOutputs(p, buckets)])),
  });
  if (batchOperationsRoleArn !== undefined)
    new TerraformOutput(stack, 'batch_operations_role_arn', { value: batchOperationsRoleArn });
}

function functionOutputs(
  { config, function: fn }: DeployedPipeline,
  buckets: BucketsByRole,
): FunctionOutputs {
  return {
    name: fn.function.functionName,
    arn: fn.function.arn,
    failure_queue_url: fn.failureQueue.queue.url,
    source_bucket: buckets[config.source.bucket].bucket.bucket,
    source_prefix: sourcePrefixValue(config),
  };
}
