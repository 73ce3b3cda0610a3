/**
 * S3 delivers events at least once and in no order. Whatever the order, the destination must
 * hold the source key's current version, each outcome record must say what happened, and so must
 * the key's catalog item (written under the function's role). Copies are backups: a removed source
 * keeps them (the deployed role may not delete them; infra's tests cover an environment that says
 * `onSourceRemoved: remove-outputs`).
 */
import { DeleteObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { countByKind, readCatalogItem, type BatchOperationsEvent } from '@pipeline/lambda-kit';
import {
  cleanupTestBuckets,
  createCatalogTable,
  deleteObjectForEvent,
  holdFirstWrite,
  readBody,
  s3Event,
  testDynamoDbClient,
  testS3Client,
} from '@pipeline/testing';
import { bucketPair, configFor, copyHandler, lambdaContext, putSource } from '../support/harness.js';

afterAll(() => cleanupTestBuckets());

async function copyOf(destination: string, key: string): Promise<string> {
  return (await readBody(testS3Client(), destination, key)).toString();
}

describe('copy under S3 delivery rules', () => {
  it('the same event twice makes no second write (versioned destination keeps one version)', async () => {
    const { source, destination } = await bucketPair({ versioned: true });
    const record = await putSource({ Bucket: source, Key: 'incoming/once.txt', Body: 'once' });
    const table = await createCatalogTable();
    const { handler } = copyHandler(configFor(destination), undefined, { catalogTable: table });
    expect(countByKind((await handler(s3Event([record]), lambdaContext('first'))).outcomes)).toEqual({
      written: 1,
    });
    const again = await handler(s3Event([record, record]), lambdaContext());
    expect(again.outcomes.map((o) => (o.kind === 'skipped' ? o.reason : o.kind))).toEqual([
      'duplicate',
      'duplicate',
    ]);
    const versions = await testS3Client().send(
      new ListObjectVersionsCommand({ Bucket: destination, Prefix: 'copies/once.txt' }),
    );
    expect(versions.Versions ?? []).toHaveLength(1);
    // The duplicates list the copy they found, and leave the first delivery's item as it is.
    expect(again.outcomes[0]).toMatchObject({
      outputs: [
        {
          bucket: destination,
          key: 'copies/once.txt',
          bytes: 4,
          versionId: versions.Versions?.[0]?.VersionId,
        },
      ],
      catalog: 'unchanged',
    });
    expect(await readCatalogItem(testDynamoDbClient(), table, source, record.key, 'copy')).toMatchObject({
      kind: 'written',
      requestId: 'first',
      sequencer: record.sequencer,
      outputs: [{ bucket: destination, key: 'copies/once.txt', bytes: 4 }],
    });
  });

  it("an S3 Batch Operations task (no sequencer) re-runs the current version and rewrites the item, keeping the events' order", async () => {
    const { source, destination } = await bucketPair({ versioned: true });
    const table = await createCatalogTable();
    const record = await putSource({ Bucket: source, Key: 'incoming/batch.txt', Body: 'batch' });
    const { handler } = copyHandler(configFor(destination), undefined, { catalogTable: table });
    await handler(s3Event([record]), lambdaContext('event'));
    const task = { taskId: 't1', s3Key: record.key, s3VersionId: record.versionId, s3Bucket: source };
    const job: BatchOperationsEvent = {
      invocationSchemaVersion: '2.0',
      invocationId: 'i1',
      job: { id: 'j1' },
      tasks: [task],
    };

    const result = await handler(job, lambdaContext('batch'));

    expect(result.results).toEqual([expect.objectContaining({ taskId: 't1', resultCode: 'Succeeded' })]);
    // The copy is in place (a duplicate), and the item says so; a later S3 event still orders against
    // the first event's sequencer, which the task (having none) left as it was.
    expect(await readCatalogItem(testDynamoDbClient(), table, source, record.key, 'copy')).toMatchObject({
      kind: 'skipped',
      reason: 'duplicate',
      requestId: 'batch',
      sequencer: record.sequencer,
      outputs: [{ bucket: destination, key: 'copies/batch.txt', bytes: 5 }],
    });
  });

  it('newest event first, then the older one late: the late event is superseded, the newer copy stays', async () => {
    const { source, destination } = await bucketPair({ versioned: true });
    const { handler } = copyHandler(configFor(destination));
    const older = await putSource({ Bucket: source, Key: 'incoming/late.txt', Body: 'v1' });
    const newer = await putSource({ Bucket: source, Key: 'incoming/late.txt', Body: 'v2' });
    expect(countByKind((await handler(s3Event([newer]), lambdaContext())).outcomes)).toEqual({ written: 1 });
    const late = await handler(s3Event([older]), lambdaContext());
    expect(late.outcomes).toEqual([
      expect.objectContaining({
        kind: 'superseded',
        current: expect.objectContaining({ versionId: newer.versionId }),
        written: [],
      }),
    ]);
    expect(await copyOf(destination, 'copies/late.txt')).toBe('v2');
  });

  it('a removed source keeps its copy (a backup) and its item', async () => {
    const { source, destination } = await bucketPair({ versioned: true });
    const table = await createCatalogTable();
    const record = await putSource({ Bucket: source, Key: 'incoming/backup.txt', Body: 'kept' });
    const keeping = copyHandler(configFor(destination), undefined, { catalogTable: table }).handler;
    await keeping(s3Event([record]), lambdaContext());
    const removal = await deleteObjectForEvent(testS3Client(), { Bucket: source, Key: record.key });
    expect((await keeping(s3Event([removal]), lambdaContext())).outcomes).toEqual([
      expect.objectContaining({ kind: 'skipped', reason: 'not-object-created' }),
    ]);
    expect(await copyOf(destination, 'copies/backup.txt')).toBe('kept');
    expect(await readCatalogItem(testDynamoDbClient(), table, source, record.key, 'copy')).toMatchObject({
      kind: 'written',
    });
  });

  it('a late event for an overwritten unversioned object is superseded and copies nothing', async () => {
    const { source, destination } = await bucketPair();
    const stale = await putSource({ Bucket: source, Key: 'incoming/o.txt', Body: 'old' });
    await putSource({ Bucket: source, Key: 'incoming/o.txt', Body: 'newer' });
    const summary = await copyHandler(configFor(destination)).handler(s3Event([stale]), lambdaContext());
    expect(countByKind(summary.outcomes)).toEqual({ superseded: 1 });
    await expect(copyOf(destination, 'copies/o.txt')).rejects.toBeDefined();
  });

  it('two events for one key handled at the same time: the current version wins', async () => {
    const { source, destination } = await bucketPair({ versioned: true });
    const { handler } = copyHandler(configFor(destination));
    const v1 = await putSource({ Bucket: source, Key: 'incoming/race.txt', Body: 'v1' });
    const v2 = await putSource({ Bucket: source, Key: 'incoming/race.txt', Body: 'v2' });
    const results = await Promise.all([
      handler(s3Event([v1]), lambdaContext('a')),
      handler(s3Event([v2]), lambdaContext('b')),
    ]);
    expect(countByKind(results.flatMap((r) => r.outcomes))).toEqual({ written: 1, superseded: 1 });
    expect(await copyOf(destination, 'copies/race.txt')).toBe('v2');
  });

  it('an older event held just before its write while a newer one completes: it repairs what it overwrote', async () => {
    const { source, destination } = await bucketPair({ versioned: true });
    const v1 = await putSource({ Bucket: source, Key: 'incoming/held.txt', Body: 'v1' });
    const held = holdFirstWrite(['CopyObjectCommand']);
    const older = copyHandler(configFor(destination), held.instrument).handler(
      s3Event([v1]),
      lambdaContext('held'),
    );
    await held.reachedWrite; // v1 passed its "is this current?" check
    const v2 = await putSource({ Bucket: source, Key: 'incoming/held.txt', Body: 'v2' });
    const newer = await copyHandler(configFor(destination)).handler(s3Event([v2]), lambdaContext('newer'));
    expect(countByKind(newer.outcomes)).toEqual({ written: 1 });
    held.release(); // v1's copy now lands over v2's
    const [outcome] = (await older).outcomes;
    expect(outcome).toMatchObject({ kind: 'superseded', current: { versionId: v2.versionId } });
    expect(outcome?.written).toEqual([
      expect.objectContaining({ bucket: destination, key: 'copies/held.txt', bytes: 2 }),
    ]);
    expect(await copyOf(destination, 'copies/held.txt')).toBe('v2');
  });

  it('the key deleted before its event is handled (a delete marker): the event version is still copied', async () => {
    const { source, destination } = await bucketPair({ versioned: true });
    const record = await putSource({ Bucket: source, Key: 'incoming/gone.txt', Body: 'kept' });
    await testS3Client().send(new DeleteObjectCommand({ Bucket: source, Key: 'incoming/gone.txt' }));
    const summary = await copyHandler(configFor(destination)).handler(s3Event([record]), lambdaContext());
    expect(countByKind(summary.outcomes)).toEqual({ written: 1 });
    expect(await copyOf(destination, 'copies/gone.txt')).toBe('kept');
  });

  it('a re-upload of an already copied key with different content is copied again', async () => {
    const { source, destination } = await bucketPair({ versioned: true });
    const { handler } = copyHandler(configFor(destination));
    await handler(
      s3Event([await putSource({ Bucket: source, Key: 'incoming/v.txt', Body: 'v1' })]),
      lambdaContext(),
    );
    const second = await putSource({ Bucket: source, Key: 'incoming/v.txt', Body: 'v2' });
    expect(countByKind((await handler(s3Event([second]), lambdaContext())).outcomes)).toEqual({ written: 1 });
    expect(await copyOf(destination, 'copies/v.txt')).toBe('v2');
  });
});
