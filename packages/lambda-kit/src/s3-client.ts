import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { Env } from './env.js';

/**
 * The endpoint override, if any: `AWS_ENDPOINT_URL_S3` wins over `AWS_ENDPOINT_URL`
 * (the SDK's own precedence for service-specific endpoints).
 */
export function endpointFromEnv(env: Env = process.env): string | undefined {
  return env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL'] || undefined;
}

/**
 * Creates the S3 client; call it once at module scope so a container reuses it (and its
 * connections) across invocations. With `AWS_ENDPOINT_URL` set (the emulator), the client uses
 * that endpoint with path-style addressing, so the same code runs on moto/LocalStack and AWS.
 * `overrides` win over everything (tests use them for short timeouts or fault injection).
 *
 * @example const s3 = createS3Client(); // module scope in src/clients.ts
 */
export function createS3Client(overrides: S3ClientConfig = {}, env: Env = process.env): S3Client {
  const endpoint = endpointFromEnv(env);
  return new S3Client({
    ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
    ...overrides,
  });
}
