import { countByKind } from '@pipeline/lambda-kit';
import { cleanupTestBuckets, readBody, s3Event, testS3Client } from '@pipeline/testing';
import { bucketPair, configFor, copyHandler, lambdaContext, putSource } from '../support/harness.js';

afterAll(() => cleanupTestBuckets());

describe('copy: awkward keys, empty objects, several records', () => {
  it('copies every record of one event, keys with spaces, +, %, unicode and deep prefixes, to prefix + relative key', async () => {
    const { source, destination } = await bucketPair();
    const keys = [
      'incoming/with space.txt',
      'incoming/plus+sign.txt',
      'incoming/100% done.csv',
      'incoming/日本語/café ☕.txt',
      'incoming/a/b/c/d/e/f/g/deep.bin',
    ];
    const records = await Promise.all(
      keys.map((Key, i) => putSource({ Bucket: source, Key, Body: `body ${i}` })),
    );
    const { handler } = copyHandler(configFor(destination));
    const summary = await handler(s3Event(records), lambdaContext());
    expect(countByKind(summary.outcomes)).toEqual({ written: keys.length });
    const s3 = testS3Client();
    for (const [i, key] of keys.entries()) {
      const copied = await readBody(s3, destination, key.replace(/^incoming\//, 'copies/'));
      expect(copied.toString()).toBe(`body ${i}`);
    }
  });

  it('decodes keys whose / arrives as %2F (as moto sends them)', async () => {
    const { source, destination } = await bucketPair();
    const record = await putSource({ Bucket: source, Key: 'incoming/x y/z.txt', Body: 'z' });
    const event = s3Event([record]);
    const first = event.Records[0];
    if (first === undefined) throw new Error('no record');
    first.s3.object.key = first.s3.object.key.replace(/\//g, '%2F');
    await copyHandler(configFor(destination)).handler(event, lambdaContext());
    expect((await readBody(testS3Client(), destination, 'copies/x y/z.txt')).toString()).toBe('z');
  });

  it('copies a zero-byte object (CopyObject path, even with a tiny threshold)', async () => {
    const { source, destination } = await bucketPair();
    const record = await putSource({
      Bucket: source,
      Key: 'incoming/empty',
      Body: Buffer.alloc(0),
      ContentType: 'text/plain',
    });
    const { handler, log } = copyHandler(configFor(destination, { MULTIPART_THRESHOLD_BYTES: '1' }));
    await handler(s3Event([record]), lambdaContext());
    expect(await readBody(testS3Client(), destination, 'copies/empty')).toHaveLength(0);
    expect(log.outcomes()).toEqual([
      expect.objectContaining({
        kind: 'written',
        action: 'copied',
        measures: { parts: 1 },
        written: [{ bucket: destination, key: 'copies/empty', bytes: 0 }],
      }),
    ]);
  });

  it('works with no prefixes at all (whole bucket to whole bucket)', async () => {
    const { source, destination } = await bucketPair();
    const record = await putSource({ Bucket: source, Key: 'top level.txt', Body: 't' });
    await copyHandler(configFor(destination, { SOURCE_PREFIX: '', DESTINATION_PREFIX: '' })).handler(
      s3Event([record]),
      lambdaContext(),
    );
    expect((await readBody(testS3Client(), destination, 'top level.txt')).toString()).toBe('t');
  });
});
