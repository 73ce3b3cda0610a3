import { createLogger, createS3Client } from '@pipeline/lambda-kit';

/** One S3 client per container (module scope), reused across invocations. */
export const s3 = createS3Client();

/** JSON logger; LOG_LEVEL and POWERTOOLS_SERVICE_NAME are validated at cold start. */
export const log = createLogger('copy');
