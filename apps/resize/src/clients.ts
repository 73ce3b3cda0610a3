import { createS3Client } from '@pipeline/lambda-kit';

/** One S3 client per container, reused (with its connections) by every invocation. */
export const s3 = createS3Client();
