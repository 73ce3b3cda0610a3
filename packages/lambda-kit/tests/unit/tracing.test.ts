/**
 * The tracing helpers without X-Ray: which clients are captured, and that an invocation runs
 * untouched where tracing is off (outside Lambda, as here) or there is no trace data. The
 * subsegments themselves are shown in tests/integration/tracing.test.ts.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { captureClients, createTracer, traceInvocation, Tracer } from '../../src/index.js';

describe('tracing helpers', () => {
  it('captures every AWS SDK client among the clients, and nothing else', () => {
    const tracer = new Tracer({ serviceName: 'demo' });
    const capture = jest.spyOn(tracer, 'captureAWSv3Client');
    const s3 = new S3Client({ region: 'us-east-1' });
    const other = new S3Client({ region: 'eu-west-1' });
    expect(captureClients(tracer, { s3, other, bucket: 'b', settings: { send: 1 } })).toBe(2);
    expect(capture.mock.calls.map(([client]) => client)).toEqual([s3, other]);
  });

  it('runs the invocation as it is where tracing is off, errors included', async () => {
    const tracer = createTracer('copy', {});
    const segment = jest.spyOn(tracer, 'getSegment');
    await expect(traceInvocation(tracer, 'copy', async () => 42)).resolves.toBe(42);
    await expect(
      traceInvocation(tracer, 'copy', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(segment).not.toHaveBeenCalled();
  });
});
