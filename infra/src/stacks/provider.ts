/**
 * The AWS provider of a stack. With an emulator endpoint every service this stack uses points at
 * it, S3 goes path-style and account/credential validation is skipped, so the very same stack
 * applies to moto or LocalStack.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/index.js';

/**
 * The Terraform versions every stack accepts (`terraform.required_version`): 1.10 brought the S3
 * backend's native lockfile locking (`use_lockfile`), which the dev and prod backends use.
 */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.10';

/** Every service the stack declares resources in (plus STS for the caller identity). */
export const EMULATED_SERVICES = [
  'cloudwatch',
  'dynamodb',
  'iam',
  'lambda',
  'logs',
  's3',
  'sns',
  'sqs',
  'sts',
] as const;

export function awsProvider(
  scope: Construct,
  config: EnvironmentConfig,
  endpointUrl: string | undefined,
): AwsProvider {
  const defaultTags = [{ tags: { ...config.tags } }];
  if (endpointUrl === undefined) return new AwsProvider(scope, 'aws', { region: config.region, defaultTags });
  return new AwsProvider(scope, 'aws', {
    region: config.region,
    defaultTags,
    endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, endpointUrl]))],
    s3UsePathStyle: true,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    skipRegionValidation: true,
    skipRequestingAccountId: true,
  });
}
