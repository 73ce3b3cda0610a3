import { createS3Client, endpointFromEnv } from '../../src/index.js';

describe('createS3Client', () => {
  it('uses AWS_ENDPOINT_URL with path-style addressing (the emulator)', async () => {
    const s3 = createS3Client({ region: 'us-east-1' }, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });
    expect(s3.config.forcePathStyle).toBe(true);
    const endpoint = await s3.config.endpoint?.();
    expect(endpoint).toMatchObject({ hostname: '127.0.0.1', port: 4566, protocol: 'http:' });
  });

  it('prefers AWS_ENDPOINT_URL_S3 and leaves AWS defaults alone without an override', async () => {
    expect(endpointFromEnv({ AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_S3: 'http://b' })).toBe(
      'http://b',
    );
    expect(endpointFromEnv({ AWS_ENDPOINT_URL: '' })).toBeUndefined();
    const s3 = createS3Client({ region: 'eu-west-1' }, {});
    expect(s3.config.forcePathStyle).toBe(false);
    expect(s3.config.endpoint).toBeUndefined();
  });
});
