/**
 * A new pipeline's name and what derives from it. The pattern is infra's (PIPELINE_NAME_PATTERN in
 * infra/src/pipelines/kit/define.ts): the name becomes part of resource names and logical ids.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const PIPELINE_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * `true`, or why `name` cannot be a new pipeline in the workspace at `root` (plop's prompt validation).
 *
 * @example pipelineNameProblem('/repo', 'archive') // true
 */
export function pipelineNameProblem(root: string, name: string): true | string {
  if (!PIPELINE_NAME.test(name) || name.endsWith('-') || name.includes('--'))
    return `Expected a pipeline name of lowercase letters, digits and single dashes (at most 20, starting with a letter) but received ${JSON.stringify(name)}`;
  if (existsSync(join(root, 'apps', name)))
    return `Expected a new pipeline name but received ${JSON.stringify(name)}: apps/${name} exists`;
  if (existsSync(join(root, 'infra', 'src', 'pipelines', `${name}.ts`)))
    return `Expected a new pipeline name but received ${JSON.stringify(name)}: infra/src/pipelines/${name}.ts exists`;
  return true;
}

/** `audit-log` -> `auditLog`: the module's and the spec's identifier stem (as plop's camelCase helper). */
export function camelName(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
