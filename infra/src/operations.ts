/**
 * What the operations commands (`pnpm redrive`, `pnpm reprocess`, in tools/local-cloud) need to
 * know about one pipeline in one environment, resolved from the registry and the environment's
 * validated configuration and named as the stack names it (config/names.ts): no terraform state
 * and no AWS call needed to find a function, its failure queue or its source folder.
 */
import { InfraConfigError } from './errors.js';
import { loadEnvironment } from './config/validate.js';
import { bucketNameOf, failureQueueNameOf, functionNameOf } from './config/names.js';
import type { Architecture, EnvironmentConfig, EnvironmentName } from './config/types.js';
import { sourcePrefixValue } from './pipelines/kit/environment.js';
import { PIPELINES, requireConfigOf, type PipelineRegistry } from './pipelines/registry.js';

/** One deployed pipeline, as the operations commands address it. */
export interface PipelineTarget {
  readonly environment: EnvironmentName;
  readonly pipeline: string;
  readonly region: string;
  readonly functionName: string;
  /** The on-failure destination queue's name (Lambda's records of failed asynchronous invocations). */
  readonly failureQueueName: string;
  /** The trigger's bucket and prefix (with its trailing slash, as S3 filters it). */
  readonly source: { readonly bucket: string; readonly prefix: string };
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly architecture: Architecture;
}

export interface PipelineTargetOptions {
  /** Overrides of the environment (as synth takes them), e.g. another name prefix. */
  readonly overrides?: Partial<EnvironmentConfig>;
  /** @default PIPELINES */
  readonly registry?: PipelineRegistry;
}

/**
 * The pipeline named `pipeline` in `environment`.
 *
 * @throws {InfraConfigError} on `environment` or `pipeline` when either is unknown.
 * @example pipelineTarget('dev', 'resize').failureQueueName // 'pipeline-dev-resize-failures'
 */
export function pipelineTarget(
  environment: string,
  pipeline: string,
  options: PipelineTargetOptions = {},
): PipelineTarget {
  const registry = options.registry ?? PIPELINES;
  const config = loadEnvironment(environment, options.overrides, registry);
  const module = registry.find((p) => p.name === pipeline);
  if (module === undefined)
    throw new InfraConfigError('pipeline', `one of ${registry.map((p) => p.name).join(', ')}`, pipeline);
  const settings = requireConfigOf(config.pipelines, module);
  const functionName = functionNameOf(config.namePrefix, module.name);
  return {
    environment: config.name,
    pipeline: module.name,
    region: config.region,
    functionName,
    failureQueueName: failureQueueNameOf(functionName),
    source: {
      bucket: bucketNameOf(config.namePrefix, settings.source.bucket),
      prefix: sourcePrefixValue(settings),
    },
    memoryMb: settings.function.memoryMb,
    timeoutSeconds: settings.function.timeoutSeconds,
    architecture: config.architecture,
  };
}
