/**
 * The registry: every pipeline this repository deploys, one module each. Validation, the location
 * checks, the stack, its outputs and the tests loop over it; nothing outside `src/pipelines/`
 * names a pipeline. Adding a pipeline is one module file plus its entry here (see
 * docs/adding-a-pipeline.md); a module left out of this list fails tests/unit/registry.test.ts.
 */
import { copyModule } from './copy.js';
import { etlModule } from './etl.js';
import type { Pipeline, PipelineModuleConfig } from './kit/define.js';
import { resizeModule } from './resize.js';

export const PIPELINES = [copyModule, resizeModule, etlModule] as const;

/** The registered modules' names: `'copy' | 'resize' | 'etl'`. */
export type PipelineName = (typeof PIPELINES)[number]['name'];

/** The configuration type of a module. */
type ConfigOf<M extends Pipeline> = ReturnType<M['defaults']>;

/** An environment's `pipelines` entry: one configuration per registered module, typed by that module. */
export type PipelinesConfig = {
  readonly [M in (typeof PIPELINES)[number] as M['name']]: ConfigOf<M>;
};

export const PIPELINE_NAMES: readonly PipelineName[] = PIPELINES.map((pipeline) => pipeline.name);

/**
 * What the builders accept: the registered modules first, then any a caller adds (a test
 * proving that a fourth pipeline needs nothing else). @default PIPELINES
 */
export type PipelineRegistry = readonly [...typeof PIPELINES, ...Pipeline[]];

/**
 * One value per named item (a registry's modules, a stack's deployed pipelines), keyed by pipeline
 * name. Items of a PipelineRegistry cover every registered name.
 */
export function byPipeline<Item extends { readonly name: string }, T>(
  items: readonly Item[],
  pick: (item: Item) => T,
): Readonly<Record<PipelineName, T>> {
  // fromEntries cannot know the keys; callers pass one item per pipeline of a PipelineRegistry.
  return Object.fromEntries(items.map((item) => [item.name, pick(item)])) as Record<PipelineName, T>;
}

/** The configuration of `pipeline` in an environment's `pipelines`; undefined when it has none. */
export function configOf(pipelines: PipelinesConfig, pipeline: Pipeline): PipelineModuleConfig | undefined {
  const byName: Readonly<Record<string, PipelineModuleConfig | undefined>> = pipelines;
  return byName[pipeline.name];
}

/** The configuration of `pipeline` in a validated environment. */
export function requireConfigOf(pipelines: PipelinesConfig, pipeline: Pipeline): PipelineModuleConfig {
  const config = configOf(pipelines, pipeline);
  if (config === undefined)
    throw new Error(`the environment has no pipelines.${pipeline.name}: validate it with the same registry`);
  return config;
}
