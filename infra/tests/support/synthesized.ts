/**
 * Synthesized stacks as plain JSON (cdktf Testing.synth), with small typed accessors for the
 * resource and data blocks the assertions read.
 */
import { Testing } from 'cdktf';
import { buildApp, type BuildOptions } from '../../src/synth.js';
import type { EnvironmentName } from '../../src/config/index.js';
import { withFakeRepo, type FakeRepoOptions } from './fake-repo.js';

export type Block = Record<string, unknown>;

export interface SynthesizedJson {
  readonly terraform: Block;
  readonly provider: Record<string, Block[]>;
  readonly resource: Record<string, Record<string, Block>>;
  readonly data: Record<string, Record<string, Block>>;
  readonly output: Record<string, Block>;
}

export const ALL_ENVIRONMENTS: readonly EnvironmentName[] = ['local', 'dev', 'prod'];

/** Synthesizes the given environments against a fake repo; returns each stack's JSON. */
export function synthJson(
  options: BuildOptions = {},
  repo: FakeRepoOptions = {},
): Map<EnvironmentName, SynthesizedJson> {
  return withFakeRepo(
    (repoRoot) => {
      const { stacks } = buildApp({
        repoRoot,
        endpointUrl: null,
        ...options,
        environments: options.environments ?? ALL_ENVIRONMENTS,
      });
      return new Map(
        [...stacks].map(([name, stack]) => [name, JSON.parse(Testing.synth(stack)) as SynthesizedJson]),
      );
    },
    { pipelines: options.pipelines, ...repo },
  );
}

/** Every resource of a type as [logical id, block] pairs. */
export function resourcesOf(json: SynthesizedJson, type: string): [string, Block][] {
  return Object.entries(json.resource[type] ?? {});
}

export function dataOf(json: SynthesizedJson, type: string): [string, Block][] {
  return Object.entries(json.data?.[type] ?? {});
}

/** The `${type.id.attr}` reference string terraform uses for a resource attribute. */
export function ref(type: string, id: string, attribute: string): string {
  return `\${${type}.${id}.${attribute}}`;
}
