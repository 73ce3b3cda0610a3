import { DeploymentReadError } from '../errors.js';

/** The parts of `terraform show -json` the local cloud reads. */
export interface TerraformStateJson {
  readonly values?: { readonly root_module?: TerraformModule };
}

interface TerraformModule {
  readonly resources?: readonly TerraformResource[];
  readonly child_modules?: readonly TerraformModule[];
}

export interface TerraformResource {
  readonly address: string;
  readonly type: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** Every managed resource of a given type, in every module. */
export function resourcesOfType(state: TerraformStateJson, type: string): TerraformResource[] {
  const found: TerraformResource[] = [];
  const visit = (module: TerraformModule | undefined): void => {
    for (const resource of module?.resources ?? []) if (resource.type === type) found.push(resource);
    for (const child of module?.child_modules ?? []) visit(child);
  };
  visit(state.values?.root_module);
  return found;
}

/** A string attribute of a resource, or a clear error naming the resource. */
export function stringAttribute(resource: TerraformResource, name: string): string {
  const value = resource.values[name];
  if (typeof value !== 'string' || value === '')
    throw new DeploymentReadError(`terraform state: ${resource.address} has no ${name}`);
  return value;
}
