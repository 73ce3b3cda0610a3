import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';

/**
 * The whole body of an object (small objects: test assertions, the local cloud's downloads).
 *
 * @example const text = (await readBody(s3, bucket, 'out/a.json')).toString('utf8');
 */
export async function readBody(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (response.Body === undefined) throw new Error(`s3://${bucket}/${key} has no body`);
  return Buffer.from(await response.Body.transformToByteArray());
}

/**
 * Every key in a bucket (under `prefix`), sorted.
 *
 * @example const written = await listKeys(s3, bucket, 'thumbnails/');
 */
export async function listKeys(s3: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
  }
  return keys.sort();
}
