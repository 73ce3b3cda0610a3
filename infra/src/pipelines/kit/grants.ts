/**
 * The S3 grants most pipelines need, by config field: read and list the source, write and list
 * the outputs. Listing matters: without `s3:ListBucket` S3 answers 403 instead of 404 for a key
 * that is missing (a source deleted before its event is handled, an output not yet written).
 */
import type { S3Grant, S3ObjectAction } from './define.js';

const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'] as const satisfies readonly S3ObjectAction[];
export const READ_TAGS_ACTIONS = [
  's3:GetObjectTagging',
  's3:GetObjectVersionTagging',
] as const satisfies readonly S3ObjectAction[];
/** GetObject on outputs: the apps HEAD what they may have written already. */
const WRITE_ACTIONS = [
  's3:PutObject',
  's3:GetObject',
  's3:AbortMultipartUpload',
] as const satisfies readonly S3ObjectAction[];

export interface SourceAndOutputGrantsOptions<Output extends string> {
  /** Object actions on the source beyond READ_ACTIONS. @default none */
  readonly readActions?: readonly S3ObjectAction[];
  /** Object actions on every output beyond WRITE_ACTIONS. @default none */
  readonly writeActions?: readonly S3ObjectAction[];
  /**
   * Outputs whose stale objects the function deletes (lambda-kit clears a key's rejection record once
   * the key is written, and a module's `staleOutputs`): `s3:DeleteObject` there, nowhere else.
   */
  readonly deletes: readonly Output[];
}

/** Read and list the source; write and list the outputs (`outputs`: config fields). */
export function sourceAndOutputGrants<Output extends string>(
  outputs: readonly Output[],
  options: SourceAndOutputGrantsOptions<Output>,
): S3Grant<Output | 'source'>[] {
  return [
    {
      sid: 'ReadSourcePrefix',
      objects: ['source'],
      actions: [...READ_ACTIONS, ...(options.readActions ?? [])],
    },
    // A source deleted before its event is handled must answer 404 (a permanent "gone"), not 403.
    { sid: 'ListSourcePrefix', list: ['source'] },
    {
      sid: 'WriteOutputPrefixes',
      objects: outputs,
      actions: [...WRITE_ACTIONS, ...(options.writeActions ?? [])],
    },
    { sid: 'ListOutputPrefixes', list: outputs },
    { sid: 'DeleteStaleOutputs', objects: options.deletes, actions: ['s3:DeleteObject'] },
  ];
}
