import type { Context } from 'aws-lambda';
import {
  definePipeline,
  EventShapeError,
  MemoryLog,
  skipped,
  TransientError,
  written,
  type BatchOperationsEvent,
  type PipelineConfigBase,
  type S3ObjectRef,
} from '../../src/index.js';
import { offlineS3 } from '../support/offline-s3.js';

const config: PipelineConfigBase = {
  destinationBucket: 'out',
  sourcePrefix: 'in/',
  ownPrefixes: ['done/'],
  rejectedPrefix: 'done/',
};
const clients = { s3: offlineS3().s3 };
const context = { awsRequestId: 'req-batch', functionName: 'fn' } as Context;

function handlerWith(log: MemoryLog, seen: S3ObjectRef[]) {
  return definePipeline(
    {
      name: 'demo',
      loadConfig: () => config,
      clients: () => clients,
      concurrency: { default: 2, max: 2 },
      process: async (object) => {
        seen.push(object);
        if (object.key === 'in/again.txt') return skipped('duplicate');
        if (object.key === 'in/slow.txt') throw new TransientError('S3_THROTTLED', 'slow down');
        return written('copied', [{ bucket: 'out', key: `done/${object.key}`, bytes: 3 }]);
      },
      rejectionKey: (object) => `done/${object.key}.json`,
    },
    { env: {}, clients, log },
  );
}

const job = (version: '1.0' | '2.0', tasks: BatchOperationsEvent['tasks']): BatchOperationsEvent => ({
  invocationSchemaVersion: version,
  invocationId: 'inv-1',
  job: { id: 'job-1' },
  tasks,
});

describe('S3 Batch Operations invocations', () => {
  it('answers every task with its result, decoding keys and reading the bucket from its ARN (schema 1.0)', async () => {
    const log = new MemoryLog();
    const seen: S3ObjectRef[] = [];
    const result = await handlerWith(log, seen)(
      job('1.0', [
        { taskId: 't1', s3Key: 'in/a+b%C3%A9.txt', s3VersionId: 'v1', s3BucketArn: 'arn:aws:s3:::src' },
        { taskId: 't2', s3Key: 'in/again.txt', s3VersionId: null, s3BucketArn: 'arn:aws:s3:::src' },
        { taskId: 't3', s3Key: 'in/slow.txt', s3BucketArn: 'arn:aws:s3:::src' },
        { taskId: 't4', s3Key: 'elsewhere/x.txt', s3BucketArn: 'arn:aws:s3:::src' },
      ]),
      context,
    );
    expect(result).toEqual({
      invocationSchemaVersion: '1.0',
      treatMissingKeysAs: 'PermanentFailure',
      invocationId: 'inv-1',
      results: [
        { taskId: 't1', resultCode: 'Succeeded', resultString: 'written: 1 object(s)' },
        { taskId: 't2', resultCode: 'Succeeded', resultString: 'skipped duplicate' },
        { taskId: 't3', resultCode: 'TemporaryFailure', resultString: 'failed S3_THROTTLED: slow down' },
        { taskId: 't4', resultCode: 'Succeeded', resultString: 'skipped outside-source-prefix' },
      ],
    });
    expect(seen[0]).toMatchObject({ bucket: 'src', key: 'in/a bé.txt', versionId: 'v1' });
    // The same outcome records as for notifications, one per task.
    expect(log.outcomes().map((o) => [o.source.key, o.kind])).toEqual(
      expect.arrayContaining([
        ['in/a bé.txt', 'written'],
        ['in/again.txt', 'skipped'],
        ['in/slow.txt', 'failed'],
        ['elsewhere/x.txt', 'skipped'],
      ]),
    );
  });

  it('reads the bucket by name in schema 2.0', async () => {
    const seen: S3ObjectRef[] = [];
    const result = await handlerWith(new MemoryLog(), seen)(
      job('2.0', [{ taskId: 't1', s3Key: 'in/z.txt', s3Bucket: 'src2' }]),
      context,
    );
    expect(result.results).toEqual([
      { taskId: 't1', resultCode: 'Succeeded', resultString: 'written: 1 object(s)' },
    ]);
    expect(seen.map((o) => o.bucket)).toEqual(['src2']);
  });

  it('fails the whole invocation when a task names no key', async () => {
    const handler = handlerWith(new MemoryLog(), []);
    await expect(
      handler(job('2.0', [{ taskId: 't1', s3Key: '', s3Bucket: 'src' }]), context),
    ).rejects.toThrow(EventShapeError);
  });
});
