/**
 * S3 delivers events at least once and in no order. Whatever the order, the variants must describe
 * the key's current version, and each outcome record must say what happened.
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { countByKind, type ObjectOutcome } from '@pipeline/lambda-kit';
import { cleanupTestBuckets, holdFirstWrite, s3Event, setVersioning } from '@pipeline/testing';
import sharp from 'sharp';
import { resizeHarness, type ResizeHarness } from '../support/harness.js';
import { quadrantJpeg } from '../support/images.js';
import { listKeys, readOutput, upload } from '../support/s3.js';

let h: ResizeHarness;
beforeAll(async () => {
  h = await resizeHarness();
});
afterAll(() => cleanupTestBuckets());

const landscape = () => quadrantJpeg(400, 300); // thumbnail 256x192
const portrait = () => quadrantJpeg(300, 400); // thumbnail 192x256

/** The thumbnail's size and the source version it says it came from. */
async function thumbnailOf(relative: string): Promise<{ size: string; versionId?: string }> {
  const output = await readOutput(h.s3, h.destination, `variants/thumbnail/${relative}.jpg`);
  const { width, height } = await sharp(output.body).metadata();
  return { size: `${width}x${height}`, versionId: output.metadata['source-version-id'] };
}

function kinds(outcomes: readonly ObjectOutcome[]): string[] {
  return outcomes.map((o) => o.kind);
}

describe('resize under S3 delivery rules', () => {
  it('the same event twice: no error, the same keys rewritten with the same content', async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/twice/a.jpg', await landscape());
    const first = await h.invoke(s3Event([v1]));
    const keys = await listKeys(h.s3, h.destination, 'variants/');
    const before = await thumbnailOf('twice/a.jpg');
    const again = await h.invoke(s3Event([v1]));
    expect([...kinds(first.outcomes), ...kinds(again.outcomes)]).toEqual(['written', 'written']);
    expect(await listKeys(h.s3, h.destination, 'variants/')).toEqual(keys);
    expect(await thumbnailOf('twice/a.jpg')).toEqual(before);
  });

  it('newest event first, then the older one late: the late event writes nothing (superseded)', async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/late/a.jpg', await landscape());
    const v2 = await upload(h.s3, h.source, 'uploads/late/a.jpg', await portrait());
    expect(kinds((await h.invoke(s3Event([v2]))).outcomes)).toEqual(['written']);
    const late = await h.invoke(s3Event([v1]));
    expect(late.outcomes).toEqual([
      expect.objectContaining({
        kind: 'superseded',
        current: { versionId: v2.versionId, eTag: v2.eTag },
        written: [],
      }),
    ]);
    expect(await thumbnailOf('late/a.jpg')).toEqual({ size: '192x256', versionId: v2.versionId });
  });

  it('two events for one key handled at the same time: the current version wins', async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/race/a.jpg', await landscape());
    const v2 = await upload(h.s3, h.source, 'uploads/race/a.jpg', await portrait());
    const results = await Promise.all([h.invoke(s3Event([v1])), h.invoke(s3Event([v2]))]);
    expect(countByKind(results.flatMap((r) => r.outcomes))).toEqual({ written: 1, superseded: 1 });
    expect(await thumbnailOf('race/a.jpg')).toEqual({ size: '192x256', versionId: v2.versionId });
  });

  it('an older event held just before its write while a newer one completes: it repairs what it overwrote', async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/held/a.jpg', await landscape());
    const held = holdFirstWrite(['PutObjectCommand']);
    const older = h.invokeInstrumented(s3Event([v1]), held.instrument);
    await held.reachedWrite; // v1 passed its "is this current?" check
    const v2 = await upload(h.s3, h.source, 'uploads/held/a.jpg', await portrait());
    expect(kinds((await h.invoke(s3Event([v2]))).outcomes)).toEqual(['written']);
    held.release(); // v1's variants now land over v2's
    const [outcome] = (await older).outcomes;
    expect(outcome).toMatchObject({ kind: 'superseded', current: { versionId: v2.versionId } });
    expect(outcome?.written).toHaveLength(4); // the repair rewrote every variant from v2
    expect(await thumbnailOf('held/a.jpg')).toEqual({ size: '192x256', versionId: v2.versionId });
  });

  it('the object deleted before its event is handled: its version deleted is a rejection; a delete marker leaves the last version', async () => {
    const gone = await upload(h.s3, h.source, 'uploads/deleted/version.jpg', await landscape());
    await h.s3.send(new DeleteObjectCommand({ Bucket: h.source, Key: gone.key, VersionId: gone.versionId }));
    const marked = await upload(h.s3, h.source, 'uploads/deleted/marker.jpg', await landscape());
    await h.s3.send(new DeleteObjectCommand({ Bucket: h.source, Key: marked.key }));
    const result = await h.invoke(s3Event([gone, marked]));
    expect(result.outcomes).toEqual([
      expect.objectContaining({ kind: 'rejected', code: 'OBJECT_NOT_FOUND' }),
      expect.objectContaining({ kind: 'written' }),
    ]);
    expect(await thumbnailOf('deleted/marker.jpg')).toEqual({ size: '256x192', versionId: marked.versionId });
  });

  it('a re-upload of an already processed key with different content replaces its variants', async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/again/a.jpg', await landscape());
    await h.invoke(s3Event([v1]));
    const v2 = await upload(h.s3, h.source, 'uploads/again/a.jpg', await portrait());
    expect(kinds((await h.invoke(s3Event([v2]))).outcomes)).toEqual(['written']);
    expect(await thumbnailOf('again/a.jpg')).toEqual({ size: '192x256', versionId: v2.versionId });
  });

  it('an unversioned source: a late event for an overwritten object writes nothing', async () => {
    const plain = await resizeHarness({ SOURCE_PREFIX: 'uploads' });
    await setVersioning(plain.s3, plain.source, 'Suspended');
    const old = await upload(plain.s3, plain.source, 'uploads/plain.jpg', await landscape());
    await upload(plain.s3, plain.source, 'uploads/plain.jpg', await portrait());
    const result = await plain.invoke(s3Event([{ ...old, versionId: undefined }]));
    expect(kinds(result.outcomes)).toEqual(['superseded']);
    expect(await listKeys(plain.s3, plain.destination, 'variants/')).toEqual([]);
  });

  it('a re-upload that fixes a rejected file clears its rejection record', async () => {
    const bad = await upload(h.s3, h.source, 'uploads/fixed/a.jpg', Buffer.from('not an image'));
    expect(kinds((await h.invoke(s3Event([bad]))).outcomes)).toEqual(['rejected']);
    expect(await listKeys(h.s3, h.destination, 'rejected/fixed/')).toEqual(['rejected/fixed/a.jpg.json']);
    const good = await upload(h.s3, h.source, 'uploads/fixed/a.jpg', await landscape());
    expect(kinds((await h.invoke(s3Event([good]))).outcomes)).toEqual(['written']);
    expect(await listKeys(h.s3, h.destination, 'rejected/fixed/')).toEqual([]);
  });

  it('a re-upload in another format leaves no variants of the earlier format', async () => {
    const png = await upload(
      h.s3,
      h.source,
      'uploads/format/a.img',
      await sharp(await landscape())
        .png()
        .toBuffer(),
    );
    await h.invoke(s3Event([png]));
    expect((await listKeys(h.s3, h.destination, 'variants/web/format/')).sort()).toEqual([
      'variants/web/format/a.img.png',
    ]);
    const jpeg = await upload(h.s3, h.source, 'uploads/format/a.img', await portrait());
    await h.invoke(s3Event([jpeg]));
    for (const variant of ['thumbnail', 'mobile', 'tablet', 'web'])
      expect(await listKeys(h.s3, h.destination, `variants/${variant}/format/`)).toEqual([
        `variants/${variant}/format/a.img.jpg`,
      ]);
  });

  it('a bad re-upload of a good file leaves its rejection record and no variants of the earlier version', async () => {
    const good = await upload(h.s3, h.source, 'uploads/broken/a.jpg', await landscape());
    await h.invoke(s3Event([good]));
    const bad = await upload(h.s3, h.source, 'uploads/broken/a.jpg', Buffer.from('not an image'));
    expect(kinds((await h.invoke(s3Event([bad]))).outcomes)).toEqual(['rejected']);
    expect(await listKeys(h.s3, h.destination, 'variants/thumbnail/broken/')).toEqual([]);
    expect(await listKeys(h.s3, h.destination, 'rejected/broken/')).toEqual(['rejected/broken/a.jpg.json']);
  });
});
