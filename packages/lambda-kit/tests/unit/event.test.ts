import { s3Event, s3EventRecord } from '@pipeline/testing';
import { EventShapeError, isRemoval, KeyDecodeError, parseS3Event } from '../../src/index.js';

describe('parseS3Event', () => {
  it('returns every record with decoded keys and object identity', () => {
    const event = s3Event([
      { bucket: 'src', key: 'in/a b.jpg', size: 10, eTag: 'abc', versionId: 'v1' },
      { bucket: 'src', key: 'in/deep/er/c+d%.txt', size: 0 },
      { bucket: 'src', key: 'in/日本.csv', size: 3, eventName: 'ObjectCreated:CompleteMultipartUpload' },
    ]);
    const { objects, ignored, invalid } = parseS3Event(event);
    expect(objects.map((o) => o.key)).toEqual(['in/a b.jpg', 'in/deep/er/c+d%.txt', 'in/日本.csv']);
    expect(objects[0]).toMatchObject({
      index: 0,
      bucket: 'src',
      size: 10,
      eTag: 'abc',
      versionId: 'v1',
      rawKey: 'in/a+b.jpg',
    });
    expect(objects[1]).toMatchObject({ index: 1, size: 0, versionId: undefined, eTag: undefined });
    expect(ignored).toEqual([]);
    expect(invalid).toEqual([]);
  });

  it('accepts keys with / encoded as %2F (moto) as well as plain', () => {
    const record = s3EventRecord({ bucket: 'src', key: 'a/b c/d.txt' });
    record.s3.object.key = 'a%2Fb+c%2Fd.txt';
    expect(parseS3Event({ Records: [record] }).objects[0]?.key).toBe('a/b c/d.txt');
  });

  it('ignores s3:TestEvent, naming its bucket', () => {
    const testEvent = {
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: '2026-11-23T10:00:00.000Z',
      Bucket: 'src',
      RequestId: 'R',
      HostId: 'H',
    };
    const parsed = parseS3Event(testEvent);
    expect(parsed.objects).toEqual([]);
    expect(parsed.ignored).toEqual([
      { index: 0, reason: 'test-event', eventName: 's3:TestEvent', bucket: 'src' },
    ]);
  });

  it('reads ObjectRemoved records as objects (key, version, sequencer; no size or ETag)', () => {
    const event = s3Event([
      { bucket: 'src', key: 'a b.txt', eventName: 'ObjectRemoved:Delete', versionId: 'v1', sequencer: '0A' },
      { bucket: 'src', key: 'c.txt', eventName: 'ObjectRemoved:DeleteMarkerCreated', versionId: 'm1' },
      { bucket: 'src', key: 'd.txt' },
    ]);
    const parsed = parseS3Event(event);
    expect(parsed.objects.map((o) => [o.key, o.versionId, isRemoval(o)])).toEqual([
      ['a b.txt', 'v1', true],
      ['c.txt', 'm1', true],
      ['d.txt', undefined, false],
    ]);
    expect(parsed.objects[0]).toMatchObject({ sequencer: '0A', eTag: undefined });
  });

  it('ignores other records and directory markers, naming their bucket and key', () => {
    const event = s3Event([
      { bucket: 'src', key: 'gone.txt', eventName: 'ObjectRestore:Completed' },
      { bucket: 'src', key: 'folder/' },
      { bucket: 'src', key: 'kept.txt' },
    ]);
    const parsed = parseS3Event(event);
    expect(parsed.objects.map((o) => o.key)).toEqual(['kept.txt']);
    expect(parsed.ignored).toEqual([
      {
        index: 0,
        reason: 'not-object-created',
        eventName: 'ObjectRestore:Completed',
        bucket: 'src',
        key: 'gone.txt',
      },
      { index: 1, reason: 'directory-marker', eventName: 'ObjectCreated:Put', bucket: 'src', key: 'folder/' },
    ]);
  });

  it('reports each malformed record with the field path and still returns the good ones', () => {
    const good = s3EventRecord({ bucket: 'src', key: 'ok.txt' });
    const noKey = s3EventRecord({ bucket: 'src', key: 'x' }) as unknown as {
      s3: { object: Record<string, unknown> };
    };
    delete noKey.s3.object['key'];
    const noBucket = { eventName: 'ObjectCreated:Put', s3: { object: { key: 'a' } } };
    const badKey = s3EventRecord({ bucket: 'src', key: 'x' });
    badKey.s3.object.key = 'bad%zz';
    const badSize = s3EventRecord({ bucket: 'src', key: 'y' }) as unknown as {
      s3: { object: Record<string, unknown> };
    };
    badSize.s3.object['size'] = '12';
    const parsed = parseS3Event({ Records: [good, noKey, noBucket, badKey, {}, badSize] });
    expect(parsed.objects.map((o) => o.key)).toEqual(['ok.txt']);
    expect(parsed.invalid.map((r) => [r.index, r.error.code])).toEqual([
      [1, 'EVENT_MALFORMED'],
      [2, 'EVENT_MALFORMED'],
      [3, 'KEY_MALFORMED'],
      [4, 'EVENT_MALFORMED'],
      [5, 'EVENT_MALFORMED'],
    ]);
    expect(parsed.invalid[0]?.error).toMatchObject({ path: 'Records[1].s3.object.key' });
    expect(parsed.invalid[1]?.error).toMatchObject({ path: 'Records[2].s3.bucket' });
    expect(parsed.invalid[2]?.error).toBeInstanceOf(KeyDecodeError);
    expect(parsed.invalid[3]?.error.message).toBe(
      'Expected a non-empty string for Records[4].eventName but received nothing',
    );
    expect(parsed.invalid[4]?.error).toMatchObject({ path: 'Records[5].s3.object.size' });
    // Where a record names its bucket and key, its failure can name them too.
    expect(parsed.invalid.map((r) => [r.bucket, r.key])).toEqual([
      ['src', undefined],
      [undefined, 'a'],
      ['src', 'bad%zz'],
      [undefined, undefined],
      ['src', 'y'],
    ]);
  });

  it.each([[null], ['text'], [{}], [{ Records: 'no' }]])(
    'throws EventShapeError for a non-S3 event %p',
    (event) => {
      expect(() => parseS3Event(event)).toThrow(EventShapeError);
    },
  );
});
