import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import {
  localInputKey,
  PIPELINES,
  requireConfigOf,
  type Pipeline,
  type PipelinesConfig,
} from '@pipeline/infra';
import type { Deployment } from '../deploy/deployment.js';
import { DeploymentReadError } from '../errors.js';

/** One file to upload, and where. */
export interface PlannedUpload {
  readonly file: string;
  readonly bucket: string;
  readonly key: string;
  readonly pipeline: string;
}

/** Where one deployed pipeline takes local files: its trigger's bucket, and the key of each file it takes. */
export interface InputRoute {
  readonly pipeline: string;
  readonly bucket: string;
  /** The key `file` (relative, `/`-separated) gets; undefined when the pipeline does not take it. */
  keyOf(file: string): string | undefined;
}

/** Every regular file below `dir`, as POSIX paths relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * Each deployed pipeline's route, from its module in infra's registry (`localInputs`: which files
 * it takes, and each one's key) and its trigger as deployed: no pipeline is named here, so one
 * added to the registry is routed too. A key its deployed notification filter would not deliver is
 * not planned.
 */
export function inputRoutes(
  deployment: Deployment,
  pipelines: PipelinesConfig,
  registry: readonly Pipeline[] = PIPELINES,
): InputRoute[] {
  const routes: InputRoute[] = [];
  const seen = new Set<string>();
  for (const trigger of deployment.triggers) {
    const fn = deployment.functions.get(trigger.functionArn);
    if (fn === undefined || seen.has(fn.pipeline)) continue;
    seen.add(fn.pipeline);
    const module = registry.find((candidate) => candidate.name === fn.pipeline);
    if (module === undefined)
      throw new DeploymentReadError(
        `${fn.fn.name} belongs to ${fn.pipeline}, which infra's registry does not hold`,
      );
    const config = requireConfigOf(pipelines, module);
    routes.push({
      pipeline: fn.pipeline,
      bucket: trigger.bucket,
      keyOf(file) {
        const key = localInputKey(module, config, file);
        const delivered = key?.startsWith(trigger.prefix) === true && key.endsWith(trigger.suffix);
        return delivered ? key : undefined;
      },
    });
  }
  return routes;
}

/** Where each file goes: to every pipeline whose route takes it (in the deployment's order). */
export function planUploads(
  files: readonly string[],
  dir: string,
  routes: readonly InputRoute[],
): PlannedUpload[] {
  const plan: PlannedUpload[] = [];
  for (const file of files) {
    const path = join(dir, ...file.split('/'));
    for (const route of routes) {
      const key = route.keyOf(file);
      if (key !== undefined) plan.push({ file: path, bucket: route.bucket, key, pipeline: route.pipeline });
    }
  }
  return plan;
}
