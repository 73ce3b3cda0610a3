/**
 * A dataset's Parquet objects, fetched through the S3 SDK into a scratch folder with their key's
 * folders kept (`ingest_date=2026-11-30/...`), so DuckDB reads the Hive partitions from the paths.
 * DuckDB cannot read S3 itself here: its httpfs extension would have to be downloaded. Each object
 * streams to its file; none is held in memory.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** Objects downloaded at once. */
const DOWNLOADS_AT_ONCE = 4;

/**
 * The keys under `prefix` that end in `.parquet`. Athena would read any other object in the table's
 * folder as Parquet too (and fail); etl keeps its NDJSON copies outside it, under curated/_ndjson/.
 */
async function parquetKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }),
    );
    for (const object of page.Contents ?? [])
      if (object.Key?.endsWith('.parquet') === true) keys.push(object.Key);
    ContinuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (ContinuationToken !== undefined);
  return keys.sort();
}

async function download(s3: S3Client, bucket: string, key: string, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!(Body instanceof Readable)) throw new Error(`s3://${bucket}/${key} has no body to read`);
  await pipeline(Body, createWriteStream(file));
}

/** Downloads every Parquet object under `s3://bucket/prefix` into `dir`; returns the files' paths. */
export async function downloadParquet(
  s3: S3Client,
  location: { readonly bucket: string; readonly prefix: string },
  dir: string,
): Promise<string[]> {
  const keys = await parquetKeys(s3, location.bucket, location.prefix);
  const files = keys.map((key) => join(dir, key.slice(location.prefix.length)));
  for (let i = 0; i < keys.length; i += DOWNLOADS_AT_ONCE)
    await Promise.all(
      keys
        .slice(i, i + DOWNLOADS_AT_ONCE)
        .map((key, j) => download(s3, location.bucket, key, files[i + j] as string)),
    );
  return files;
}
