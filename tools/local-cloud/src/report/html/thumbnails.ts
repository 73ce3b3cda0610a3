/**
 * An image's variants as the contact sheet shows them: each fetched from S3 after the run, its real
 * dimensions and format read by sharp, and a small WebP thumbnail embedded as a data: URI.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { WrittenObject } from '@pipeline/lambda-kit';
import sharp from 'sharp';

export interface VariantThumbnail {
  readonly bucket: string;
  readonly key: string;
  readonly bytes: number;
  /** As decoded from the stored object; absent when it could not be read or decoded. */
  readonly width?: number;
  readonly height?: number;
  readonly format?: string;
  /** `data:image/webp;base64,...`; absent when not fetched or not decodable. */
  readonly dataUri?: string;
  /** Why there is no thumbnail. */
  readonly note?: string;
}

export interface ThumbnailOptions {
  readonly box: number;
  readonly quality: number;
  readonly maxFetchBytes: number;
}

async function fetchObject(s3: S3Client, output: WrittenObject): Promise<Buffer> {
  const answer = await s3.send(
    new GetObjectCommand({ Bucket: output.bucket, Key: output.key, VersionId: output.versionId }),
  );
  return Buffer.from((await answer.Body?.transformToByteArray()) ?? []);
}

/** One variant's thumbnail and facts; never throws (a variant that cannot be read says why). */
export async function thumbnailOf(
  s3: S3Client,
  output: WrittenObject,
  options: ThumbnailOptions,
): Promise<VariantThumbnail> {
  const base = { bucket: output.bucket, key: output.key, bytes: output.bytes };
  if (output.bytes > options.maxFetchBytes) return { ...base, note: 'too large to fetch for the page' };
  try {
    const body = await fetchObject(s3, output);
    const meta = await sharp(body).metadata();
    const thumbnail = await sharp(body)
      .resize({ width: options.box, height: options.box, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: options.quality })
      .toBuffer();
    return {
      ...base,
      width: meta.width,
      height: meta.height,
      format: meta.format,
      dataUri: `data:image/webp;base64,${thumbnail.toString('base64')}`,
    };
  } catch (error) {
    return { ...base, note: `not shown: ${error instanceof Error ? error.message : String(error)}` };
  }
}
