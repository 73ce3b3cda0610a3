/**
 * Which version of its source an output describes, read from the output itself as the apps record
 * it (each app's README): resize's variants and etl's Parquet, NDJSON and quarantine files carry
 * `source-version-id` / `source-etag` metadata (lambda-kit's `sourceMetadata`); copy's copies carry
 * `pipeline-source`, lambda-kit's `sourceIdentity` of the version they were copied from;
 * JSON records (etl's manifests, every rejection record) hold `source.versionId` and `source.eTag`.
 * An output that says nothing is judged by which records wrote it (verify.ts).
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { SOURCE_IDENTITY_NAME, sourceIdentity, unquotedETag } from '@pipeline/lambda-kit';

/** A version of a source object. */
export interface SourceVersion {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | undefined;
  readonly eTag: string;
}

/** What an output says about its source: a version, a copy identity, or nothing. */
export type Provenance =
  | { readonly kind: 'version'; readonly versionId: string | undefined; readonly eTag: string | undefined }
  | { readonly kind: 'identity'; readonly identity: string }
  | { readonly kind: 'unknown' };

const JSON_RECORD_LIMIT = 1024 * 1024;

/** True when the provenance names `version` of the source; undefined when it cannot tell. */
export function describes(provenance: Provenance, version: SourceVersion): boolean | undefined {
  if (provenance.kind === 'unknown') return undefined;
  if (provenance.kind === 'identity') return provenance.identity === sourceIdentity(version);
  if (provenance.versionId !== undefined && version.versionId !== undefined)
    return provenance.versionId === version.versionId;
  return provenance.eTag === undefined
    ? undefined
    : unquotedETag(provenance.eTag) === unquotedETag(version.eTag);
}

function fromMetadata(head: HeadObjectCommandOutput): Provenance | undefined {
  const meta = head.Metadata ?? {};
  if (meta['source-version-id'] !== undefined || meta['source-etag'] !== undefined)
    return { kind: 'version', versionId: meta['source-version-id'], eTag: meta['source-etag'] };
  const identity = meta[SOURCE_IDENTITY_NAME];
  if (identity !== undefined) return { kind: 'identity', identity };
  return undefined;
}

async function fromJsonRecord(s3: S3Client, bucket: string, key: string): Promise<Provenance | undefined> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = (await object.Body?.transformToString()) ?? '';
  try {
    const parsed = JSON.parse(text) as { source?: { versionId?: unknown; eTag?: unknown } };
    const { versionId, eTag } = parsed.source ?? {};
    if (typeof versionId !== 'string' && typeof eTag !== 'string') return undefined;
    return {
      kind: 'version',
      versionId: typeof versionId === 'string' ? versionId : undefined,
      eTag: typeof eTag === 'string' ? eTag : undefined,
    };
  } catch {
    return undefined; // not a JSON record after all
  }
}

/** An output as it is in S3 now: its size and what it says about its source; `undefined` when it is gone. */
export async function readOutput(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ readonly bytes: number; readonly provenance: Provenance } | undefined> {
  let head: HeadObjectCommandOutput;
  try {
    head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return undefined;
    throw error;
  }
  const bytes = head.ContentLength ?? 0;
  const known =
    fromMetadata(head) ??
    (key.endsWith('.json') && bytes <= JSON_RECORD_LIMIT ? await fromJsonRecord(s3, bucket, key) : undefined);
  return { bytes, provenance: known ?? { kind: 'unknown' } };
}
