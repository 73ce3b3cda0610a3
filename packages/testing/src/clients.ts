import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { EMULATOR_ENV, type AwsCredentials } from '@pipeline/cloud-emulator';

export type { AwsCredentials };

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

/**
 * The test credentials: those the jest global setup exported (with IAM enforced, an administrator's
 * access key), else the emulators' defaults.
 */
export function testCredentials(): AwsCredentials {
  return {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? EMULATOR_ENV.AWS_ACCESS_KEY_ID,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? EMULATOR_ENV.AWS_SECRET_ACCESS_KEY,
  };
}

function clientConfig(credentials: AwsCredentials = testCredentials()) {
  return {
    endpoint: emulatorEndpoint(),
    region: process.env.AWS_REGION ?? EMULATOR_ENV.AWS_REGION,
    credentials,
  };
}

/** An S3 client bound to the emulator (path-style addressing, test credentials unless given others). */
export function testS3Client(credentials?: AwsCredentials): S3Client {
  return new S3Client({ ...clientConfig(credentials), forcePathStyle: true });
}

/** An IAM client bound to the emulator, with the test credentials. */
export function testIamClient(): IAMClient {
  return new IAMClient(clientConfig());
}

/** An STS client bound to the emulator, with the test credentials. */
export function testStsClient(): STSClient {
  return new STSClient(clientConfig());
}

/** An SQS client bound to the emulator. */
export function testSqsClient(): SQSClient {
  return new SQSClient(clientConfig());
}
