/**
 * One pipeline Lambda with everything it needs to run safely: the zip as a TerraformAsset, its own
 * least-privilege role, a log group with retention, X-Ray tracing, reserved concurrency, an async
 * invoke config whose failures land in an encrypted queue, and four alarms.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config/index.js';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import type { LambdaArtifact } from '../artifacts.js';
import type { Architecture, FunctionSettings } from '../config/index.js';
import { failureQueueNameOf } from '../config/names.js';
import { FailureQueue } from './failure-queue.js';
import { FunctionAlarms } from './function-alarms.js';
import { policyDocument, type PolicyStatement } from './policy-document.js';

/** X-Ray's write actions support no resource-level permissions: `*` is the narrowest resource. */
const XRAY_WRITE_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'] as const;

export interface PipelineFunctionProps extends FunctionSettings {
  readonly functionName: string;
  /** The built zip (see artifacts.ts); its SHA-256 becomes source_code_hash. */
  readonly artifact: LambdaArtifact;
  /** @default 'arm64' */
  readonly architecture?: Architecture;
  /** @default 'index.handler' */
  readonly handler?: string;
  /** @default 'nodejs22.x' */
  readonly runtime?: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetentionDays: number;
  /** The data-plane grants (S3 reads and writes); logs, tracing and the failure queue are added here. */
  readonly grants: readonly PolicyStatement[];
  readonly alarmTopicArn: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export class PipelineFunction extends Construct {
  /** The function's and its failure queue's names, as plain strings (for dashboards and alarms). */
  readonly functionName: string;
  readonly failureQueueName: string;
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly failureQueue: FailureQueue;
  readonly invokeConfig: LambdaFunctionEventInvokeConfig;
  readonly alarms: FunctionAlarms;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.functionName = props.functionName;
    this.failureQueueName = failureQueueNameOf(props.functionName);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays,
      tags: copyTags(props.tags),
    });
    this.failureQueue = new FailureQueue(this, 'failures', {
      queueName: this.failureQueueName,
      tags: props.tags,
    });
    this.role = new IamRole(this, 'role', {
      name: `${props.functionName}-role`,
      assumeRolePolicy: assumeByLambda(this).json,
      tags: copyTags(props.tags),
    });
    const rolePolicy = this.leastPrivilegePolicy(props);
    this.function = this.lambdaFunction(props, rolePolicy);
    this.invokeConfig = this.asyncInvokeConfig(props);
    this.alarms = new FunctionAlarms(this, 'alarms', {
      functionName: props.functionName,
      timeoutSeconds: props.timeoutSeconds,
      failureQueueName: this.failureQueue.queue.name,
      topicArn: props.alarmTopicArn,
      tags: props.tags,
    });
  }

  /** The function, created after its log group (so Lambda never creates one without retention) and its policy. */
  private lambdaFunction(props: PipelineFunctionProps, rolePolicy: IamRolePolicy): LambdaFunction {
    const asset = new TerraformAsset(this, 'code', { path: props.artifact.zipPath, type: AssetType.FILE });
    return new LambdaFunction(this, 'function', {
      functionName: props.functionName,
      role: this.role.arn,
      filename: asset.path,
      sourceCodeHash: props.artifact.sha256Base64,
      handler: props.handler ?? 'index.handler',
      runtime: props.runtime ?? 'nodejs22.x',
      architectures: [props.architecture ?? 'arm64'],
      memorySize: props.memoryMb,
      ...(props.ephemeralStorageMb === undefined
        ? {}
        : { ephemeralStorage: { size: props.ephemeralStorageMb } }),
      timeout: props.timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: { variables: { ...props.environment } },
      tracingConfig: { mode: 'Active' },
      tags: copyTags(props.tags),
      dependsOn: [this.logGroup, rolePolicy],
    });
  }

  /** Retries, then the failure queue (not dead_letter_config, which moto drops). */
  private asyncInvokeConfig(props: PipelineFunctionProps): LambdaFunctionEventInvokeConfig {
    return new LambdaFunctionEventInvokeConfig(this, 'async-invoke', {
      functionName: this.function.functionName,
      maximumRetryAttempts: props.maximumRetryAttempts,
      maximumEventAgeInSeconds: props.maximumEventAgeSeconds,
      destinationConfig: { onFailure: { destination: this.failureQueue.queue.arn } },
    });
  }

  /** The role's one inline policy: its own logs, traces and failure queue, then the grants it is given. */
  private leastPrivilegePolicy(props: PipelineFunctionProps): IamRolePolicy {
    return new IamRolePolicy(this, 'role-policy', {
      name: `${props.functionName}-least-privilege`,
      role: this.role.id,
      policy: this.rolePolicyDocument(props).json,
    });
  }

  private rolePolicyDocument(props: PipelineFunctionProps) {
    return policyDocument(this, 'role-policy-document', [
      {
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${this.logGroup.arn}:*`],
      },
      { sid: 'WriteTraces', actions: [...XRAY_WRITE_ACTIONS], resources: ['*'] },
      {
        sid: 'SendToOwnFailureQueue',
        actions: ['sqs:SendMessage'],
        resources: [this.failureQueue.queue.arn],
      },
      ...props.grants,
    ]);
  }
}

function copyTags(tags: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  return tags ? { ...tags } : undefined;
}

function assumeByLambda(scope: Construct) {
  return policyDocument(scope, 'assume-role-policy', [
    {
      sid: 'LambdaAssumesRole',
      actions: ['sts:AssumeRole'],
      principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
    },
  ]);
}
