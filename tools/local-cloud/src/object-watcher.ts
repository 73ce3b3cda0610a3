import type { S3Client } from '@aws-sdk/client-s3';
import { objectVersionPages } from '@pipeline/testing';

/** A new object version seen in a watched bucket. */
export interface NewObject {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | undefined;
  readonly eTag: string;
  readonly size: number;
  /** S3's event name for how it was created: multipart uploads have an ETag with a part count. */
  readonly eventName: 'ObjectCreated:Put' | 'ObjectCreated:CompleteMultipartUpload';
}

/**
 * Notices objects created in the watched buckets by listing their versions: the local stand-in for
 * S3's notification delivery. What exists when it starts is not news.
 */
export class ObjectWatcher {
  private readonly seen = new Set<string>();

  constructor(
    private readonly s3: S3Client,
    private readonly buckets: readonly string[],
  ) {}

  /** Records what already exists, so only later uploads become events. */
  async baseline(): Promise<void> {
    await this.poll();
  }

  /** Objects created since the last poll. */
  async poll(): Promise<NewObject[]> {
    const found: NewObject[] = [];
    for (const bucket of this.buckets) {
      for await (const object of listVersions(this.s3, bucket)) {
        const id = `${bucket}\u0000${object.key}\u0000${object.versionId ?? ''}\u0000${object.eTag}`;
        if (this.seen.has(id)) continue;
        this.seen.add(id);
        found.push(object);
      }
    }
    return found;
  }
}

/** S3's event name for how an object was created: a multipart upload's ETag ends in `-<part count>`. */
export function eventNameOfETag(eTag: string): NewObject['eventName'] {
  return /-\d+"?$/.test(eTag) ? 'ObjectCreated:CompleteMultipartUpload' : 'ObjectCreated:Put';
}

async function* listVersions(s3: S3Client, bucket: string): AsyncGenerator<NewObject> {
  for await (const page of objectVersionPages(s3, bucket)) {
    for (const version of page.Versions ?? []) {
      if (version.Key === undefined) continue;
      const eTag = (version.ETag ?? '').replace(/"/g, '');
      yield {
        bucket,
        key: version.Key,
        versionId:
          version.VersionId === undefined || version.VersionId === 'null' ? undefined : version.VersionId,
        eTag,
        size: version.Size ?? 0,
        eventName: eventNameOfETag(eTag),
      };
    }
  }
}
