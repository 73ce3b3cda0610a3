import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** The whole body of an object, for assertions on small test objects. */
export async function readBody(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (response.Body === undefined) throw new Error(`s3://${bucket}/${key} has no body`);
  return Buffer.from(await response.Body.transformToByteArray());
}
