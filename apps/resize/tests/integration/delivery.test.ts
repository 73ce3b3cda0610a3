/**
 * S3 delivers events at least once and in no order. Whatever the order, the variants must describe
 * the key's current version, each outcome record must say what happened, and the key's catalog item
 * must say the same as the latest event's outcome (written under the function's role, as deployed).
 * Removals are events too: a removed upload takes its variants with it.
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { countByKind, type ObjectOutcome } from '@pipeline/lambda-kit';
import {
  cleanupTestBuckets,
  deleteObjectForEvent,
  holdFirstWrite,
  s3Event,
  setVersioning,
  type S3EventRecordInput,
} from '@pipeline/testing';
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

/** The catalog item of an upload: `written`, naming its version and event, listing its four variants. */
async function expectWrittenItem(upload: S3EventRecordInput, thumbnail: string): Promise<void> {
  const item = await h.item(upload.key);
  expect(item).toMatchObject({
    kind: 'written',
    sequencer: upload.sequencer,
    source: { bucket: h.source, key: upload.key, versionId: upload.versionId, sequencer: upload.sequencer },
    outputCount: 4,
  });
  expect(item?.outputs.map((o) => `${o.key.split('/')[1]} ${o.width}x${o.height} ${o.format}`)).toEqual(
    expect.arrayContaining([`thumbnail ${thumbnail} jpeg`]),
  );
  expect(item).not.toHaveProperty('expiresAt');
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
    // The duplicate changes nothing in the catalog: the item is the first delivery's.
    expect([first.outcomes[0]?.catalog, again.outcomes[0]?.catalog]).toEqual(['written', 'unchanged']);
    await expectWrittenItem(v1, '256x192');
    expect(await h.item(v1.key)).toMatchObject({ requestId: first.outcomes[0]?.requestId });
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
    expect(late.outcomes[0]?.catalog).toBe('unchanged');
    await expectWrittenItem(v2, '192x256');
  });

  it('two events for one key handled at the same time: the current version wins', async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/race/a.jpg', await landscape());
    const v2 = await upload(h.s3, h.source, 'uploads/race/a.jpg', await portrait());
    const results = await Promise.all([h.invoke(s3Event([v1])), h.invoke(s3Event([v2]))]);
    expect(countByKind(results.flatMap((r) => r.outcomes))).toEqual({ written: 1, superseded: 1 });
    expect(await thumbnailOf('race/a.jpg')).toEqual({ size: '192x256', versionId: v2.versionId });
    await expectWrittenItem(v2, '192x256');
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
    // The older event's record came last but its sequencer is earlier: the item stays v2's.
    expect(outcome?.catalog).toBe('unchanged');
    await expectWrittenItem(v2, '192x256');
  });

  it('the object deleted before its event is handled (its version, or a delete marker): nothing is written, its removal removes', async () => {
    const gone = await upload(h.s3, h.source, 'uploads/deleted/version.jpg', await landscape());
    await h.s3.send(new DeleteObjectCommand({ Bucket: h.source, Key: gone.key, VersionId: gone.versionId }));
    const marked = await upload(h.s3, h.source, 'uploads/deleted/marker.jpg', await landscape());
    await h.s3.send(new DeleteObjectCommand({ Bucket: h.source, Key: marked.key }));
    const result = await h.invoke(s3Event([gone, marked]));
    expect(result.outcomes).toEqual([
      expect.objectContaining({ kind: 'superseded', written: [] }),
      expect.objectContaining({ kind: 'superseded', written: [] }),
    ]);
    expect(await listKeys(h.s3, h.destination, 'variants/thumbnail/deleted/')).toEqual([]);
    expect(await h.item(marked.key)).toMatchObject({ kind: 'superseded', outputs: [], outputCount: 0 });
  });

  it('a re-upload of an already processed key with different content replaces its variants', async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/again/a.jpg', await landscape());
    await h.invoke(s3Event([v1]));
    const v2 = await upload(h.s3, h.source, 'uploads/again/a.jpg', await portrait());
    expect(kinds((await h.invoke(s3Event([v2]))).outcomes)).toEqual(['written']);
    expect(await thumbnailOf('again/a.jpg')).toEqual({ size: '192x256', versionId: v2.versionId });
    await expectWrittenItem(v2, '192x256');
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
    expect(await h.item(bad.key)).toMatchObject({
      kind: 'rejected',
      code: expect.any(String),
      outputs: [{ key: 'rejected/fixed/a.jpg.json' }],
    });
    const good = await upload(h.s3, h.source, 'uploads/fixed/a.jpg', await landscape());
    expect(kinds((await h.invoke(s3Event([good]))).outcomes)).toEqual(['written']);
    expect(await listKeys(h.s3, h.destination, 'rejected/fixed/')).toEqual([]);
    await expectWrittenItem(good, '256x192');
    expect(await h.item(good.key)).not.toHaveProperty('code');
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

describe('resize when uploads are removed', () => {
  it('a removed upload (a delete marker) takes its variants with it; the item becomes a tombstone', async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/removed/a.jpg', await landscape());
    await h.invoke(s3Event([v1]));
    expect(await listKeys(h.s3, h.destination, 'variants/thumbnail/removed/')).toHaveLength(1);
    const removal = await deleteObjectForEvent(h.s3, { Bucket: h.source, Key: v1.key });
    expect(removal.eventName).toBe('ObjectRemoved:DeleteMarkerCreated');
    const result = await h.invoke(s3Event([removal]));
    expect(result.outcomes).toEqual([
      expect.objectContaining({ kind: 'removed', written: [], catalog: 'written' }),
    ]);
    expect(result.outcomes[0]).toMatchObject({
      removed: expect.arrayContaining(['variants/web/removed/a.jpg.jpg']),
    });
    for (const variant of ['thumbnail', 'mobile', 'tablet', 'web'])
      expect(await listKeys(h.s3, h.destination, `variants/${variant}/removed/`)).toEqual([]);
    const item = await h.item(v1.key);
    expect(item).toMatchObject({
      kind: 'removed',
      outputs: [],
      outputCount: 0,
      sequencer: removal.sequencer,
    });
    // A tombstone: DynamoDB's TTL may delete it after 30 days (never asserted against the emulator).
    expect(item?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 29 * 24 * 3600);
    // The same removal again changes nothing.
    expect((await h.invoke(s3Event([removal]))).outcomes).toEqual([
      expect.objectContaining({ kind: 'removed', catalog: 'unchanged' }),
    ]);
  });

  it("the delete of an older version leaves the current version's variants and its item", async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/removed-old/a.jpg', await landscape());
    const v2 = await upload(h.s3, h.source, 'uploads/removed-old/a.jpg', await portrait());
    await h.invoke(s3Event([v2]));
    const removal = await deleteObjectForEvent(h.s3, {
      Bucket: h.source,
      Key: v1.key,
      VersionId: v1.versionId,
    });
    expect(removal).toMatchObject({ eventName: 'ObjectRemoved:Delete', versionId: v1.versionId });
    const result = await h.invoke(s3Event([removal]));
    expect(result.outcomes).toEqual([
      expect.objectContaining({ kind: 'superseded', current: { versionId: v2.versionId, eTag: v2.eTag } }),
    ]);
    expect(await thumbnailOf('removed-old/a.jpg')).toEqual({ size: '192x256', versionId: v2.versionId });
    await expectWrittenItem(v2, '192x256');
  });

  it("the removal's event before the upload's late one: nothing is written again, the tombstone stays", async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/removed-late/a.jpg', await landscape());
    await h.invoke(s3Event([v1]));
    const removal = await deleteObjectForEvent(h.s3, { Bucket: h.source, Key: v1.key });
    expect(kinds((await h.invoke(s3Event([removal]))).outcomes)).toEqual(['removed']);
    // S3 redelivers the upload's event after the removal's.
    const late = await h.invoke(s3Event([v1]));
    expect(late.outcomes).toEqual([
      expect.objectContaining({ kind: 'superseded', written: [], catalog: 'unchanged' }),
    ]);
    expect(await listKeys(h.s3, h.destination, 'variants/thumbnail/removed-late/')).toEqual([]);
    expect(await h.item(v1.key)).toMatchObject({ kind: 'removed', sequencer: removal.sequencer });
  });

  it("a removal whose event comes before the upload's was ever handled: skipped (never processed), and the upload's writes nothing", async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/removed-first/a.jpg', await landscape());
    const removal = await deleteObjectForEvent(h.s3, { Bucket: h.source, Key: v1.key });
    const first = await h.invoke(s3Event([removal]));
    expect(first.outcomes).toEqual([expect.objectContaining({ kind: 'skipped', reason: 'never-processed' })]);
    expect(await h.item(v1.key)).toBeUndefined();
    expect(kinds((await h.invoke(s3Event([v1]))).outcomes)).toEqual(['superseded']);
    expect(await listKeys(h.s3, h.destination, 'variants/thumbnail/removed-first/')).toEqual([]);
    expect(await h.item(v1.key)).toMatchObject({ kind: 'superseded', outputs: [] });
  });

  it('a re-upload after a removal: variants again, and the item is no tombstone any more', async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/removed-again/a.jpg', await landscape());
    await h.invoke(s3Event([v1]));
    const removal = await deleteObjectForEvent(h.s3, { Bucket: h.source, Key: v1.key });
    await h.invoke(s3Event([removal]));
    const v2 = await upload(h.s3, h.source, 'uploads/removed-again/a.jpg', await portrait());
    expect(kinds((await h.invoke(s3Event([v2]))).outcomes)).toEqual(['written']);
    expect(await thumbnailOf('removed-again/a.jpg')).toEqual({ size: '192x256', versionId: v2.versionId });
    await expectWrittenItem(v2, '192x256');
    // The removal redelivered now (after the re-upload): the key has a current version, nothing goes.
    expect(kinds((await h.invoke(s3Event([removal]))).outcomes)).toEqual(['superseded']);
    await expectWrittenItem(v2, '192x256');
  });

  it("a re-upload landing while a removal deletes: the removal rewrites the new version's variants (superseded)", async () => {
    const v1 = await upload(h.s3, h.source, 'uploads/removed-race/a.jpg', await landscape());
    await h.invoke(s3Event([v1]));
    const removal = await deleteObjectForEvent(h.s3, { Bucket: h.source, Key: v1.key });
    const held = holdFirstWrite(['DeleteObjectsCommand']);
    const removing = h.invokeInstrumented(s3Event([removal]), held.instrument);
    await held.reachedWrite; // the removal found no current version and is about to delete
    const v2 = await upload(h.s3, h.source, 'uploads/removed-race/a.jpg', await portrait());
    expect(kinds((await h.invoke(s3Event([v2]))).outcomes)).toEqual(['written']);
    held.release(); // v2's variants are deleted now, then found missing and written again
    const [outcome] = (await removing).outcomes;
    expect(outcome).toMatchObject({ kind: 'superseded', current: { versionId: v2.versionId } });
    expect(outcome?.written).toHaveLength(4);
    expect(await thumbnailOf('removed-race/a.jpg')).toEqual({ size: '192x256', versionId: v2.versionId });
    await expectWrittenItem(v2, '192x256');
  });

  it('keys of 1,024 bytes and with any character S3 allows get items, and their removal reaches their variants', async () => {
    const odd = "uploads/odd/a+b=c,d:e;f@g%h'i(j)k~l 猫 é!*$&[]{}|^`<>#";
    const long = `uploads/long/${'k'.repeat(1024 - 'uploads/long/'.length - 4)}.jpg`;
    expect(Buffer.byteLength(long)).toBe(1024);
    const odder = await upload(h.s3, h.source, `${odd}.jpg`, await landscape());
    const longest = await upload(h.s3, h.source, long, await landscape());
    const result = await h.invoke(s3Event([odder, longest]));
    // The long key's variant keys exceed S3's limit: a rejection, recorded in its item all the same.
    expect(kinds(result.outcomes)).toEqual(['written', 'rejected']);
    await expectWrittenItem(odder, '256x192');
    expect(await h.item(longest.key)).toMatchObject({ kind: 'rejected', code: 'OUTPUT_KEY_TOO_LONG' });
    const removal = await deleteObjectForEvent(h.s3, { Bucket: h.source, Key: odder.key });
    expect(kinds((await h.invoke(s3Event([removal]))).outcomes)).toEqual(['removed']);
    expect(await listKeys(h.s3, h.destination, 'variants/thumbnail/odd/')).toEqual([]);
    expect(await h.item(odder.key)).toMatchObject({ kind: 'removed' });
  });
});
