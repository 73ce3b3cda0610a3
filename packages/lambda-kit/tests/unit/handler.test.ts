import type { Context } from 'aws-lambda';
import { s3Event, s3EventRecord } from '@pipeline/testing';
import {
  BatchError,
  createLogger,
  createS3Handler,
  MemoryLog,
  PermanentError,
  TransientError,
  type Log,
  type S3ObjectRef,
} from '../../src/index.js';

const context = { awsRequestId: 'req-1', functionName: 'fn' } as Context;

function handlerWith(log: MemoryLog, behaviour: (object: S3ObjectRef) => Promise<string>) {
  const rejected: string[] = [];
  const handler = createS3Handler({
    log,
    concurrency: 2,
    processObject: async (object) => ({ outcome: await behaviour(object) }),
    rejectObject: async (object, error) => {
      rejected.push(`${object.key}:${error.code}`);
    },
  });
  return { handler, rejected };
}

describe('createS3Handler', () => {
  it('processes every record and logs request id, bucket, key, version, outcome and duration', async () => {
    const log = new MemoryLog();
    const { handler } = handlerWith(log, async (object) => (object.key === 'b' ? 'skipped' : 'copied'));
    const summary = await handler(
      s3Event([
        { bucket: 's', key: 'a', versionId: 'v1' },
        { bucket: 's', key: 'b' },
        { bucket: 's', key: 'c' },
      ]),
      context,
    );
    expect(summary).toEqual({ outcomes: { copied: 2, skipped: 1 }, ignored: 0 });
    const first = log.lines.find((line) => line.attributes['key'] === 'a');
    expect(first).toMatchObject({
      level: 'info',
      attributes: { requestId: 'req-1', bucket: 's', key: 'a', versionId: 'v1', outcome: 'copied' },
    });
    expect(typeof first?.attributes['durationMs']).toBe('number');
  });

  it('records permanent failures without throwing', async () => {
    const log = new MemoryLog();
    const { handler, rejected } = handlerWith(log, async (object) => {
      if (object.key === 'gone') throw new PermanentError('OBJECT_NOT_FOUND', 'gone');
      return 'copied';
    });
    const summary = await handler(
      s3Event([
        { bucket: 's', key: 'gone' },
        { bucket: 's', key: 'ok' },
      ]),
      context,
    );
    expect(summary.outcomes).toEqual({ rejected: 1, copied: 1 });
    expect(rejected).toEqual(['gone:OBJECT_NOT_FOUND']);
    expect(log.lines.find((line) => line.level === 'warn')?.attributes).toMatchObject({
      outcome: 'rejected',
      code: 'OBJECT_NOT_FOUND',
    });
  });

  it('throws one BatchError carrying every transient failure and every malformed record, after processing the rest', async () => {
    const log = new MemoryLog();
    const processed: string[] = [];
    const { handler } = handlerWith(log, async (object) => {
      processed.push(object.key);
      if (object.key.startsWith('slow')) throw new TransientError('S3_THROTTLED', `throttled ${object.key}`);
      return 'copied';
    });
    const malformed = { eventName: 'ObjectCreated:Put', s3: { bucket: { name: 's' }, object: {} } };
    const event = {
      Records: [
        s3EventRecord({ bucket: 's', key: 'slow1' }),
        malformed,
        s3EventRecord({ bucket: 's', key: 'ok' }),
        s3EventRecord({ bucket: 's', key: 'slow2' }),
      ],
    };
    const error = await handler(event, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchError);
    expect((error as BatchError).failures.map((f) => [f.index, (f.error as { code: string }).code])).toEqual([
      [0, 'S3_THROTTLED'],
      [1, 'EVENT_MALFORMED'],
      [3, 'S3_THROTTLED'],
    ]);
    expect(processed.sort()).toEqual(['ok', 'slow1', 'slow2']);
    expect(log.lines.filter((line) => line.level === 'error')).toHaveLength(3);
  });

  it('fails the record when its rejection cannot be written', async () => {
    const handler = createS3Handler({
      log: new MemoryLog(),
      concurrency: 1,
      processObject: async () => {
        throw new PermanentError('OBJECT_NOT_FOUND', 'gone');
      },
      rejectObject: async () => {
        throw new TransientError('REJECTION_WRITE_FAILED', 'no');
      },
    });
    await expect(handler(s3Event([{ bucket: 's', key: 'k' }]), context)).rejects.toMatchObject({
      failures: [
        expect.objectContaining({ error: expect.objectContaining({ code: 'REJECTION_WRITE_FAILED' }) }),
      ],
    });
  });

  it('accepts the Powertools logger as its Log', () => {
    const log: Log = createLogger('test', { LOG_LEVEL: 'SILENT' });
    expect(typeof log.addContext).toBe('function');
  });
});
