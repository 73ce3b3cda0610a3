import {
  HeadObjectCommand,
  ListObjectVersionsCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { objectVersionOf } from '@pipeline/lambda-kit';

/** S3's event names for a removal: a version deleted for good, or a delete marker added. */
type RemovedEventName = 'ObjectRemoved:Delete' | 'ObjectRemoved:DeleteMarkerCreated';

/**
 * A new object version in a watched bucket, or (`ObjectRemoved:*`) a removal of one: what its S3
 * event names. A removal's version is the delete marker's, or the version deleted for good.
 */
export interface NewObject {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | undefined;
  readonly eTag: string;
  readonly size: number;
  /** S3's event name for how it was created (multipart uploads have an ETag with a part count) or removed. */
  readonly eventName: 'ObjectCreated:Put' | 'ObjectCreated:CompleteMultipartUpload' | RemovedEventName;
}

/** S3's event name for how an object was created: a multipart upload's ETag ends in `-<part count>`. */
export function eventNameOfETag(eTag: string): 'ObjectCreated:Put' | 'ObjectCreated:CompleteMultipartUpload' {
  return /-\d+"?$/.test(eTag) ? 'ObjectCreated:CompleteMultipartUpload' : 'ObjectCreated:Put';
}

/** Where `--watch` looks: a bucket and the prefix of a trigger on it. */
export interface WatchedPrefix {
  readonly bucket: string;
  readonly prefix: string;
}

/**
 * Notices objects created under the watched prefixes (`--watch`), and keys deleted there, the local
 * stand-in for S3's notification delivery. It lists current objects with ListObjectsV2 and heads only
 * what changed (a new key, or a new ETag or Last-Modified) for its version id; a key gone from the
 * listing costs one ListObjectVersions of that key alone, never a listing of the bucket's versions,
 * which leaks memory in moto 5.2.1 on every call. Two uploads of one key between two polls give one
 * event (for the newer); what exists when it starts is not news. Its memory is one entry per key.
 */
export class ObjectWatcher {
  /** Per key: its listing state (ETag and Last-Modified) and, once headed, its version. */
  private readonly seen = new Map<string, { state: string; versionId?: string }>();

  constructor(
    private readonly s3: S3Client,
    private readonly watched: readonly WatchedPrefix[],
  ) {}

  /** Records what already exists, so only later uploads become events. */
  async baseline(): Promise<void> {
    await this.poll(true);
  }

  /** Objects created or overwritten since the last poll, and (`ObjectRemoved:*`) keys gone since. */
  async poll(baseline = false): Promise<NewObject[]> {
    const found: NewObject[] = [];
    for (const { bucket, prefix } of this.watched) {
      const listed = new Set<string>();
      for await (const page of paginateListObjectsV2(
        { client: this.s3 },
        { Bucket: bucket, Prefix: prefix },
      )) {
        for (const object of page.Contents ?? []) {
          if (object.Key === undefined) continue;
          const id = `${bucket}\u0000${object.Key}`;
          listed.add(id);
          const state = `${object.ETag ?? ''}\u0000${object.LastModified?.toISOString() ?? ''}`;
          if (this.seen.get(id)?.state === state) continue;
          if (baseline) {
            this.seen.set(id, { state });
            continue;
          }
          const created = await this.describe(bucket, object.Key);
          this.seen.set(id, { state, versionId: created.versionId });
          found.push(created);
        }
      }
      for (const [id, { versionId }] of this.seen) {
        const key = id.slice(bucket.length + 1);
        if (!id.startsWith(`${bucket}\u0000`) || !key.startsWith(prefix) || listed.has(id)) continue;
        this.seen.delete(id);
        found.push(await this.removal(bucket, key, versionId));
      }
    }
    return found;
  }

  private async describe(bucket: string, key: string): Promise<NewObject> {
    const head = await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const { versionId, eTag = '' } = objectVersionOf(head);
    return {
      bucket,
      key,
      versionId,
      eTag,
      size: head.ContentLength ?? 0,
      eventName: eventNameOfETag(eTag),
    };
  }

  /**
   * The event of a key gone from the listing: the deletion of the version last seen when that version
   * is gone for good, else a delete marker's (the latest version is one). One small ListObjectVersions
   * of that key alone, never a poll of the bucket's versions (moto 5.2.1 leaks memory in proportion to
   * the versions listed).
   */
  private async removal(bucket: string, key: string, lastSeen: string | undefined): Promise<NewObject> {
    const versions = await this.s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key, MaxKeys: 100 }),
    );
    const kept = (versions.Versions ?? []).some((v) => v.Key === key && v.VersionId === lastSeen);
    const marker = (versions.DeleteMarkers ?? []).find((m) => m.Key === key && m.IsLatest === true);
    const byMarker = marker !== undefined && (lastSeen === undefined || kept);
    return {
      bucket,
      key,
      versionId: byMarker ? marker.VersionId : lastSeen,
      eTag: '',
      size: 0,
      eventName: byMarker ? 'ObjectRemoved:DeleteMarkerCreated' : 'ObjectRemoved:Delete',
    };
  }
}
