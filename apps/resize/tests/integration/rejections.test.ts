import { DeleteObjectCommand, GetObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { BatchError, countByKind } from '@pipeline/lambda-kit';
import { cleanupTestBuckets, s3Event, s3EventRecord, testS3Client } from '@pipeline/testing';
import type { Context } from 'aws-lambda';
import { linesAbout, resizeHandler, resizeHarness, type ResizeHarness } from '../support/harness.js';
import { emptyInput, pngClaiming50000x50000, textFile, truncatedJpeg } from '@pipeline/image-core/testing';
import { quadrantJpeg } from '../support/images.js';
import { listKeys, readRejection, upload } from '../support/s3.js';

let h: ResizeHarness;

beforeAll(async () => {
  h = await resizeHarness({ MAX_INPUT_BYTES: String(256 * 1024) });
});

afterAll(() => cleanupTestBuckets());

/** Uploads `body`, runs the event, and checks the record is rejected (not retried) with `code`. */
async function expectRejected(
  key: string,
  body: Buffer,
  code: string,
  before?: (uploaded: Awaited<ReturnType<typeof upload>>) => Promise<void>,
) {
  const uploaded = await upload(h.s3, h.source, key, body);
  await before?.(uploaded);
  const summary = await h.invoke(s3Event([uploaded]));
  expect(countByKind(summary.outcomes)).toEqual({ rejected: 1 });
  const relative = key.slice('uploads/'.length);
  const record = await readRejection(h.s3, h.destination, `rejected/${relative}.json`);
  expect(record).toMatchObject({
    schema: 'pipeline.rejection/v1',
    source: { bucket: h.source, key, versionId: uploaded.versionId, eTag: uploaded.eTag, size: body.length },
    error: { code, message: expect.any(String) },
  });
  expect(await listKeys(h.s3, h.destination, 'variants/')).toEqual([]);
  const warning = linesAbout(h.log, key).find((line) => line.level === 'warn');
  expect(warning?.attributes).toMatchObject({
    outcome: {
      kind: 'rejected',
      code,
      source: { bucket: h.source, key },
      requestId: expect.any(String),
      written: [expect.objectContaining({ bucket: h.destination, key: `rejected/${relative}.json` })],
    },
  });
  return record;
}

describe('bad input is recorded, not retried', () => {
  it('a zero-byte object: EMPTY', async () => {
    await expectRejected('uploads/empty/zero bytes.jpg', emptyInput(), 'EMPTY');
  });

  it('a text file named .jpg: UNSUPPORTED_FORMAT', async () => {
    await expectRejected('uploads/fake/notes+draft %.jpg', textFile(), 'UNSUPPORTED_FORMAT');
  });

  it('a truncated JPEG: CORRUPT', async () => {
    await expectRejected('uploads/broken/half.jpg', await truncatedJpeg(), 'CORRUPT');
  });

  it('a PNG claiming 50000x50000 pixels: TOO_MANY_PIXELS, from the header alone', async () => {
    const bomb = pngClaiming50000x50000();
    expect(bomb.length).toBeLessThan(1024);
    const record = await expectRejected('uploads/bombs/ünïcode bomb.png', bomb, 'TOO_MANY_PIXELS');
    expect(String((record['error'] as { message: string }).message)).toContain('50000x50000');
  });

  it('an object over MAX_INPUT_BYTES: INPUT_TOO_LARGE, refused before its body is read', async () => {
    const noise = Buffer.alloc(300 * 1024, 7);
    const record = await expectRejected(
      'uploads/large/huge.jpg',
      Buffer.concat([await quadrantJpeg(64, 64), noise]),
      'INPUT_TOO_LARGE',
    );
    expect(String((record['error'] as { message: string }).message)).toContain('MAX_INPUT_BYTES');
  });

  it('reads no byte of an oversized body: the size comes from the response headers', async () => {
    // A real client on the emulator, watched: every GetObject body it returns is recorded.
    const s3 = testS3Client();
    const bodies: { destroyed: boolean; read: boolean }[] = [];
    const send = s3.send.bind(s3) as (command: unknown) => Promise<unknown>;
    s3.send = (async (command: unknown) => {
      const response = await send(command);
      if (command instanceof GetObjectCommand) {
        const body = (response as GetObjectCommandOutput).Body as unknown as {
          destroyed: boolean;
          transformToByteArray: () => Promise<Uint8Array>;
        };
        const watched = { destroyed: false, read: false };
        const read = body.transformToByteArray.bind(body);
        body.transformToByteArray = () => ((watched.read = true), read());
        bodies.push(watched);
        setImmediate(() => (watched.destroyed = body.destroyed));
      }
      return response;
    }) as typeof s3.send;
    const uploaded = await upload(s3, h.source, 'uploads/large/watched.jpg', Buffer.alloc(400 * 1024, 1));
    const handler = resizeHandler(h.config, s3);
    const result = await handler(s3Event([uploaded]), { awsRequestId: 'watched' } as Context);
    expect(countByKind(result.outcomes)).toEqual({ rejected: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(bodies).toEqual([{ destroyed: true, read: false }]);
  });

  it('an object deleted before its event is handled (its version, or a delete marker): no rejection, nothing written', async () => {
    // Resize's outputs go with their source (onSourceRemoved: remove-outputs): a source that is not
    // there has no variants and no rejection record; its removal's own event removes what there was.
    const version = await upload(h.s3, h.source, 'uploads/gone/deleted.jpg', await quadrantJpeg(64, 64));
    await h.s3.send(
      new DeleteObjectCommand({ Bucket: h.source, Key: version.key, VersionId: version.versionId }),
    );
    const key = 'uploads/gone/unversioned event.jpg';
    const marked = await upload(h.s3, h.source, key, await quadrantJpeg(64, 64));
    await h.s3.send(new DeleteObjectCommand({ Bucket: h.source, Key: key }));
    const summary = await h.invoke(s3Event([version, { ...marked, versionId: undefined }]));
    expect(countByKind(summary.outcomes)).toEqual({ superseded: 2 });
    expect(await listKeys(h.s3, h.destination, 'rejected/gone/')).toEqual([]);
    expect(await listKeys(h.s3, h.destination, 'variants/thumbnail/gone/')).toEqual([]);
  });

  it('a key outside SOURCE_PREFIX (a filter wider than the configuration): skipped with a record, nothing read or written', async () => {
    const uploaded = await upload(h.s3, h.source, 'elsewhere/cat.jpg', await quadrantJpeg(64, 64));
    const before = await listKeys(h.s3, h.destination);
    const result = await h.invoke(s3Event([uploaded]));
    expect(result.outcomes).toEqual([
      expect.objectContaining({ kind: 'skipped', reason: 'outside-source-prefix', written: [] }),
    ]);
    expect(await listKeys(h.s3, h.destination)).toEqual(before);
  });

  it('a repeated rejected event rewrites the same record, never a second one', async () => {
    const uploaded = await upload(h.s3, h.source, 'uploads/repeat/bad.jpg', Buffer.from('nope'));
    await h.invoke(s3Event([uploaded]));
    await h.invoke(s3Event([uploaded]));
    expect(await listKeys(h.s3, h.destination, 'rejected/repeat/')).toEqual(['rejected/repeat/bad.jpg.json']);
  });
});

describe('events the function must not process', () => {
  it('skips (warns, writes nothing) its own outputs and rejections in the destination bucket', async () => {
    const before = await listKeys(h.s3, h.destination);
    const variant = { bucket: h.destination, key: 'variants/thumbnail/loop.jpg', size: 10 };
    const rejection = { bucket: h.destination, key: 'rejected/loop.jpg.json', size: 10 };
    const summary = await h.invoke(s3Event([variant, rejection]));
    expect(summary.outcomes.map((o) => (o.kind === 'skipped' ? o.reason : o.kind))).toEqual([
      'own-output',
      'own-output',
    ]);
    expect(await listKeys(h.s3, h.destination)).toEqual(before);
    const warnings = [...linesAbout(h.log, variant.key), ...linesAbout(h.log, rejection.key)];
    expect(warnings.map((line) => [line.level, line.message.includes('recursion guard')])).toEqual([
      ['warn', true],
      ['warn', true],
    ]);
  });

  it('fails an event with missing fields with an error naming the field, after processing the good records', async () => {
    const good = await upload(h.s3, h.source, 'uploads/mixed/good.jpg', await quadrantJpeg(300, 200));
    const missingKey = {
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: h.source }, object: { size: 3 } },
    };
    const error = await h
      .invoke({ Records: [missingKey, s3EventRecord(good)] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BatchError);
    expect((error as BatchError).message).toContain('Records[0].s3.object.key');
    expect((error as BatchError).failures.map((failure) => (failure.error as { code: string }).code)).toEqual(
      ['EVENT_MALFORMED'],
    );
    expect(await listKeys(h.s3, h.destination, 'variants/thumbnail/mixed/')).toEqual([
      'variants/thumbnail/mixed/good.jpg.jpg',
    ]);
  });

  it('throws (so Lambda retries) every transient failure of a batch, and still processes the rest', async () => {
    const good = await upload(h.s3, h.source, 'uploads/mixed/ok.jpg', await quadrantJpeg(300, 200));
    const missingBucket = (key: string) => ({ bucket: 'no-such-bucket-resize-test', key, size: 10 });
    const event = s3Event([missingBucket('uploads/a.jpg'), good, missingBucket('uploads/b.jpg')]);
    const error = await h.invoke(event).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BatchError);
    expect(
      (error as BatchError).failures.map((failure) => [
        failure.index,
        (failure.error as { code: string }).code,
      ]),
    ).toEqual([
      [0, 'BUCKET_NOT_FOUND'],
      [2, 'BUCKET_NOT_FOUND'],
    ]);
    expect(await listKeys(h.s3, h.destination, 'variants/web/mixed/')).toContain(
      'variants/web/mixed/ok.jpg.jpg',
    );
    expect(await listKeys(h.s3, h.destination, 'rejected/a.jpg')).toEqual([]);
  });

  it('ignores records that are neither object creations nor removals, and the S3 test event', async () => {
    const removed = s3EventRecord({
      bucket: h.source,
      key: 'uploads/x.jpg',
      eventName: 'ObjectRestore:Completed',
    });
    const deleted = await h.invoke({ Records: [removed] });
    const test = await h.invoke({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: h.source });
    expect([...deleted.outcomes, ...test.outcomes]).toEqual([
      expect.objectContaining({ kind: 'skipped', reason: 'not-object-created', written: [] }),
      expect.objectContaining({ kind: 'skipped', reason: 'test-event', written: [] }),
    ]);
  });
});
