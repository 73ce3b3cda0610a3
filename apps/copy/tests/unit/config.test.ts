import { ConfigError } from '@pipeline/lambda-kit';
import { thrownBy } from '@pipeline/testing';
import { loadConfig } from '../../src/config.js';

const base = { DESTINATION_BUCKET: 'dest-bucket' };

describe('loadConfig', () => {
  it('applies defaults and freezes the result', () => {
    const config = loadConfig(base);
    expect(config).toEqual({
      destinationBucket: 'dest-bucket',
      sourcePrefix: '',
      destinationPrefix: '',
      rejectedPrefix: 'rejected/',
      multipartThresholdBytes: 256 * 1024 * 1024,
      partSizeBytes: 64 * 1024 * 1024,
      partConcurrency: 8,
      ownPrefixes: ['', 'rejected/'],
      storageClass: undefined,
      sse: undefined,
      kmsKeyId: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...base,
      SOURCE_PREFIX: 'in',
      DESTINATION_PREFIX: 'out/',
      REJECTED_PREFIX: 'bad',
      MULTIPART_THRESHOLD_BYTES: '1048576',
      MULTIPART_PART_SIZE_BYTES: '5242880',
      COPY_PART_CONCURRENCY: '3',
      DESTINATION_STORAGE_CLASS: 'GLACIER_IR',
      DESTINATION_SSE: 'aws:kms',
      DESTINATION_KMS_KEY_ID: 'arn:aws:kms:us-east-1:111122223333:key/abc',
    });
    expect(config).toMatchObject({
      sourcePrefix: 'in/',
      destinationPrefix: 'out/',
      rejectedPrefix: 'bad/',
      multipartThresholdBytes: 1048576,
      partSizeBytes: 5242880,
      partConcurrency: 3,
      ownPrefixes: ['out/', 'bad/'],
      storageClass: 'GLACIER_IR',
      sse: 'aws:kms',
    });
  });

  it.each([
    [{}, 'DESTINATION_BUCKET'],
    [{ DESTINATION_BUCKET: 'Not_A_Bucket' }, 'DESTINATION_BUCKET'],
    [{ ...base, MULTIPART_THRESHOLD_BYTES: '6000000000' }, 'MULTIPART_THRESHOLD_BYTES'],
    [{ ...base, MULTIPART_THRESHOLD_BYTES: '10MB' }, 'MULTIPART_THRESHOLD_BYTES'],
    [{ ...base, MULTIPART_PART_SIZE_BYTES: '1024' }, 'MULTIPART_PART_SIZE_BYTES'],
    [{ ...base, COPY_PART_CONCURRENCY: '0' }, 'COPY_PART_CONCURRENCY'],
    [{ ...base, DESTINATION_STORAGE_CLASS: 'COLD' }, 'DESTINATION_STORAGE_CLASS'],
    [{ ...base, DESTINATION_SSE: 'kms' }, 'DESTINATION_SSE'],
    [{ ...base, DESTINATION_KMS_KEY_ID: 'key' }, 'DESTINATION_KMS_KEY_ID'],
    [{ ...base, REJECTED_PREFIX: '/' }, 'REJECTED_PREFIX'],
  ])('names the bad variable for %p', (env, variable) => {
    const error = thrownBy(ConfigError, () => loadConfig(env as Record<string, string>));
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Expected .+ for ${variable} but received `));
  });
});
