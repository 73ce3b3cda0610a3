import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EMULATOR_ENV } from './emulator.js';

/** The emulator endpoint exported by the jest global setup (or given by the user). */
export function emulatorEndpoint(): string {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (endpoint === undefined || endpoint === '') {
    throw new Error(
      'AWS_ENDPOINT_URL is not set: run this test through jest with the @pipeline/testing globalSetup.',
    );
  }
  return endpoint;
}

function clientConfig() {
  return {
    endpoint: emulatorEndpoint(),
    region: process.env.AWS_REGION ?? EMULATOR_ENV.AWS_REGION,
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? EMULATOR_ENV.AWS_ACCESS_KEY_ID,
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? EMULATOR_ENV.AWS_SECRET_ACCESS_KEY,
    },
  };
}

/** An S3 client bound to the emulator (path-style addressing, test credentials). */
export function testS3Client(): S3Client {
  return new S3Client({ ...clientConfig(), forcePathStyle: true });
}

/** An SQS client bound to the emulator. */
export function testSqsClient(): SQSClient {
  return new SQSClient(clientConfig());
}
