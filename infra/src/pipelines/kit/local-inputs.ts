/**
 * Where a local file goes when the local cloud uploads a folder (`pnpm start --input DIR`): each
 * pipeline's module says which files it takes and the key each gets (`localInputs`), so a pipeline
 * added to the registry is routed without naming it anywhere else.
 */
import type { Pipeline, PipelineModuleConfig } from './define.js';
import { sourcePrefixValue } from './environment.js';

/**
 * The key `file` (its path relative to the folder, `/`-separated) gets under the pipeline's source
 * prefix, or undefined when the pipeline does not take it.
 *
 * @example localInputKey(resizeModule, config, 'photos/cat.jpg') // 'uploads/photos/cat.jpg'
 */
export function localInputKey(
  pipeline: Pipeline,
  config: PipelineModuleConfig,
  file: string,
): string | undefined {
  const inputs = pipeline.localInputs;
  const suffix = pipeline.trigger?.suffix ?? '';
  const taken = inputs?.accepts === undefined ? file.endsWith(suffix) : inputs.accepts.test(file);
  if (!taken) return undefined;
  const key = inputs?.keyOf === undefined ? file : inputs.keyOf(file, config);
  return `${sourcePrefixValue(config)}${key.replace(/^\/+/, '')}`;
}
