import type { S3ObjectRef } from './event.js';
import { isUnderPrefix } from './keys.js';
import type { ProcessResult } from './outcome.js';
import type { PipelineConfigBase } from './pipeline-spec.js';

/** The scope policy every pipeline shares: own outputs and keys outside the source prefix are skipped. */
export function outOfScope(config: PipelineConfigBase, object: S3ObjectRef): ProcessResult | undefined {
  const own =
    object.bucket === config.destinationBucket &&
    config.ownPrefixes.some((prefix) => isUnderPrefix(object.key, prefix));
  if (own) return { kind: 'skipped', reason: 'own-output' };
  if (!isUnderPrefix(object.key, config.sourcePrefix))
    return { kind: 'skipped', reason: 'outside-source-prefix' };
  return undefined;
}
