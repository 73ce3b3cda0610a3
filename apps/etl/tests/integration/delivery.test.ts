/**
 * S3 delivers events at least once and in no order, and keys are uploaded again. Whatever the
 * order, a dataset holds each source key's current version only: its outputs, its manifest, and no
 * outputs of an earlier version; each outcome record says what happened, and so does the key's
 * catalog item (written under the function's role, as deployed). A removed CSV takes its outputs with it.
 */
import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { countByKind, type ObjectOutcome } from '@pipeline/lambda-kit';
import {
  cleanupTestBuckets,
  createCatalogTable,
  deleteObjectForEvent,
  holdFirstWrite,
  s3Event,
  setVersioning,
  type S3EventRecordInput,
} from '@pipeline/testing';
import { itWhereIamIsEnforced, refusedOnPurpose } from '@pipeline/testing/jest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceStem } from '../../src/keys.js';
import type { Manifest } from '../../src/manifest.js';
import { writeSyntheticCsv } from '../fixtures/synthetic-csv.js';
import { etlHarness, type EtlHarness } from '../support/harness.js';
import { listKeys, manifestOf, readJson, rejectionOf, stemOf, upload } from '../support/s3.js';

let h: EtlHarness;
let dir: string;
beforeAll(async () => {
  h = await etlHarness();
  dir = await mkdtemp(join(tmpdir(), 'etl-delivery-'));
});
afterAll(async () => {
  await cleanupTestBuckets(h.s3);
  await rm(dir, { recursive: true, force: true });
});

const twoRows = 'v\n1\n2\n';
const threeRows = 'v\n1\n2\n3\n';
const notUtf8 = Buffer.from('v\ncaf\xe9\n', 'latin1');

/** A sales file (the configured schema) of `rows` rows, every `badEvery`th one quarantined. */
async function salesCsv(rows: number, badEvery: number): Promise<Buffer> {
  const path = join(dir, `sales-${rows}-${badEvery}.csv`);
  await writeSyntheticCsv(path, { rows, badEvery, seed: rows + badEvery });
  return readFile(path);
}

function kinds(outcomes: readonly ObjectOutcome[]): string[] {
  return outcomes.map((o) => o.kind);
}

/** The item of an upload converted: `written`, its version and event, its rows, its outputs and manifest. */
async function expectConvertedItem(
  dataset: string,
  uploaded: S3EventRecordInput,
  rows: { read: number; written: number; rejected: number },
): Promise<void> {
  const item = await h.item(uploaded.key);
  expect(item).toMatchObject({
    kind: 'written',
    sequencer: uploaded.sequencer,
    source: { key: uploaded.key, versionId: uploaded.versionId, eTag: uploaded.eTag },
    rows,
    manifest: manifestOf(dataset, uploaded.key),
  });
  const stem = stemOf(uploaded.key, uploaded.eTag as string);
  const listed = item?.outputs.map((o) => o.key) ?? [];
  expect(listed.filter((k) => k.endsWith(`/${stem}.parquet`) || k.endsWith(`/${stem}.ndjson`))).toHaveLength(
    2,
  );
  expect(listed).toContain(manifestOf(dataset, uploaded.key));
  expect(item?.outputCount).toBe(listed.length);
  expect(item).not.toHaveProperty('expiresAt');
}

/** Every object in the destination that belongs to `key` (its outputs, manifest and rejection record). */
async function keysOf(key: string): Promise<string[]> {
  return (await listKeys(h.s3, h.destination)).filter((k) => k.includes(`/${sourceStem(key)}`));
}

/** What the destination says `key` is now: which version its manifest describes, and its rows. */
async function datasetView(dataset: string, key: string) {
  const manifest = await readJson<Manifest>(h.s3, h.destination, manifestOf(dataset, key));
  return { eTag: manifest.source.eTag, versionId: manifest.source.versionId, rows: manifest.rows.read };
}

/**
 * The keys the version `uploaded` writes: its outputs (by its stem) and the key's manifest; each
 * output names that version in its lineage metadata, whichever invocation wrote it.
 */
async function expectOnlyOutputsOf(
  dataset: string,
  uploaded: { key: string; eTag?: string; versionId?: string },
) {
  const stem = stemOf(uploaded.key, uploaded.eTag as string);
  const keys = await keysOf(uploaded.key);
  expect(keys.filter((k) => !k.includes(`/${stem}.`))).toEqual([manifestOf(dataset, uploaded.key)]);
  const outputs = keys.filter((k) => k.includes(`/${stem}.`));
  expect(outputs.filter((k) => k.startsWith('curated/')).length).toBe(2);
  for (const key of outputs) {
    const { Metadata } = await h.s3.send(new HeadObjectCommand({ Bucket: h.destination, Key: key }));
    expect([key, Metadata]).toEqual([
      key,
      expect.objectContaining({
        'source-key': encodeURIComponent(uploaded.key),
        'source-version-id': uploaded.versionId,
        'source-etag': uploaded.eTag,
      }),
    ]);
  }
}

describe('etl under S3 delivery rules', () => {
  it('the same event twice: the second is a duplicate and writes nothing', async () => {
    const v1 = await upload(h.s3, h.source, 'raw/loose/twice.csv', twoRows);
    const first = await h.invoke(s3Event([v1]));
    const keys = await keysOf(v1.key);
    const manifest = await readJson(h.s3, h.destination, manifestOf('loose', v1.key));
    const again = await h.invoke(s3Event([v1]));
    expect([...kinds(first.outcomes), ...kinds(again.outcomes)]).toEqual(['written', 'skipped']);
    expect(again.outcomes[0]).toMatchObject({ reason: 'duplicate', written: [] });
    expect(await keysOf(v1.key)).toEqual(keys);
    expect(await readJson(h.s3, h.destination, manifestOf('loose', v1.key))).toEqual(manifest);
    expect([first.outcomes[0]?.catalog, again.outcomes[0]?.catalog]).toEqual(['written', 'unchanged']);
    await expectConvertedItem('loose', v1, { read: 2, written: 2, rejected: 0 });
    expect(await h.item(v1.key)).toMatchObject({ requestId: first.outcomes[0]?.requestId });
  });

  itWhereIamIsEnforced(
    'a catalog write refused (IAM) fails the object as ACCESS_DENIED, outputs kept; the retry, a duplicate, writes the item',
    async () => {
      const v1 = await upload(h.s3, h.source, 'raw/loose/refused.csv', twoRows);
      // A table the role may not update: the deployed role's grant names the stack's table only.
      const elsewhere = await createCatalogTable();
      const failure = await refusedOnPurpose(() => h.invokeWithCatalog(s3Event([v1]), elsewhere));
      expect(failure).toMatchObject({ failures: [{ error: { code: 'ACCESS_DENIED' } }] });
      const failed = h.log.lines.find(
        (line) =>
          (line.attributes['outcome'] as { kind?: string; source?: { key?: string } } | undefined)?.source
            ?.key === v1.key && line.level === 'error',
      );
      expect(failed?.attributes['outcome']).toMatchObject({
        kind: 'failed',
        code: 'ACCESS_DENIED',
        retried: true,
      });
      await expectOnlyOutputsOf('loose', v1); // the outputs already written stay
      expect(await h.item(v1.key)).toBeUndefined();
      // Lambda's retry of the same event: the outputs are in place (a duplicate), and the item lists them.
      const retry = await h.invoke(s3Event([v1]));
      expect(retry.outcomes).toEqual([
        expect.objectContaining({ kind: 'skipped', reason: 'duplicate', written: [], catalog: 'written' }),
      ]);
      const item = await h.item(v1.key);
      expect(item).toMatchObject({ kind: 'skipped', reason: 'duplicate', sequencer: v1.sequencer });
      const stem = stemOf(v1.key, v1.eTag as string);
      expect(item?.outputs.map((o) => o.key)).toEqual(
        expect.arrayContaining([expect.stringContaining(`/${stem}.parquet`), manifestOf('loose', v1.key)]),
      );
    },
  );

  it('newest event first, then the older one late: the late event writes nothing (superseded)', async () => {
    const v1 = await upload(h.s3, h.source, 'raw/loose/late.csv', twoRows);
    const v2 = await upload(h.s3, h.source, 'raw/loose/late.csv', threeRows);
    expect(kinds((await h.invoke(s3Event([v2]))).outcomes)).toEqual(['written']);
    const late = await h.invoke(s3Event([v1]));
    expect(late.outcomes).toEqual([
      expect.objectContaining({
        kind: 'superseded',
        current: { versionId: v2.versionId, eTag: v2.eTag },
        written: [],
      }),
    ]);
    expect(await datasetView('loose', v1.key)).toEqual({ eTag: v2.eTag, versionId: v2.versionId, rows: 3 });
    await expectOnlyOutputsOf('loose', v2);
    expect(late.outcomes[0]?.catalog).toBe('unchanged');
    await expectConvertedItem('loose', v2, { read: 3, written: 3, rejected: 0 });
  });

  it('two events for one key handled at the same time: the current version wins', async () => {
    const v1 = await upload(h.s3, h.source, 'raw/loose/race.csv', twoRows);
    const v2 = await upload(h.s3, h.source, 'raw/loose/race.csv', threeRows);
    const results = await Promise.all([h.invoke(s3Event([v1])), h.invoke(s3Event([v2]))]);
    expect(countByKind(results.flatMap((r) => r.outcomes))).toEqual({ written: 1, superseded: 1 });
    expect(await datasetView('loose', v1.key)).toEqual({ eTag: v2.eTag, versionId: v2.versionId, rows: 3 });
    await expectOnlyOutputsOf('loose', v2);
    expect(await h.item(v2.key)).toMatchObject({
      source: { versionId: v2.versionId },
      sequencer: v2.sequencer,
    });
  });

  it('an older event held just before its write while a newer one completes: it redoes the newer one and removes its own outputs', async () => {
    const v1 = await upload(h.s3, h.source, 'raw/loose/held.csv', twoRows);
    const held = holdFirstWrite();
    const older = h.invokeInstrumented(s3Event([v1]), held.instrument);
    await held.reachedWrite; // v1 passed its "is this current?" check and read the (absent) manifest
    const v2 = await upload(h.s3, h.source, 'raw/loose/held.csv', threeRows);
    expect(kinds((await h.invoke(s3Event([v2]))).outcomes)).toEqual(['written']);
    held.release(); // v1's outputs and manifest now land over v2's
    const [outcome] = (await older).outcomes;
    expect(outcome).toMatchObject({ kind: 'superseded', current: { versionId: v2.versionId } });
    expect(outcome?.written.map((o) => o.key)).toContain(manifestOf('loose', v1.key));
    expect(await datasetView('loose', v1.key)).toEqual({ eTag: v2.eTag, versionId: v2.versionId, rows: 3 });
    await expectOnlyOutputsOf('loose', v2);
    expect(outcome?.catalog).toBe('unchanged');
    await expectConvertedItem('loose', v2, { read: 3, written: 3, rejected: 0 });
  });

  it('the object deleted before its event is handled (its version, or a delete marker): nothing converted, no rejection', async () => {
    const gone = await upload(h.s3, h.source, 'raw/loose/deleted-version.csv', twoRows);
    await h.s3.send(new DeleteObjectCommand({ Bucket: h.source, Key: gone.key, VersionId: gone.versionId }));
    const marked = await upload(h.s3, h.source, 'raw/loose/deleted-marker.csv', twoRows);
    await h.s3.send(new DeleteObjectCommand({ Bucket: h.source, Key: marked.key }));
    const result = await h.invoke(s3Event([gone, marked]));
    expect(result.outcomes).toEqual([
      expect.objectContaining({ kind: 'superseded', written: [] }),
      expect.objectContaining({ kind: 'superseded', written: [] }),
    ]);
    expect([...(await keysOf(gone.key)), ...(await keysOf(marked.key))]).toEqual([]);
    expect(await h.item(marked.key)).toMatchObject({ kind: 'superseded', outputs: [] });
  });

  it('a re-upload with different content replaces the earlier version’s outputs, quarantined rows included', async () => {
    const v1 = await upload(h.s3, h.source, 'raw/sales/again.csv', await salesCsv(50, 10));
    await h.invoke(s3Event([v1]));
    expect((await keysOf(v1.key)).filter((k) => k.startsWith('rejected/'))).toEqual([
      `rejected/sales/${stemOf(v1.key, v1.eTag as string)}.csv`,
    ]);
    const v2 = await upload(h.s3, h.source, 'raw/sales/again.csv', await salesCsv(60, 0));
    const result = await h.invoke(s3Event([v2]));
    expect(kinds(result.outcomes)).toEqual(['written']);
    expect(await datasetView('sales', v1.key)).toEqual({ eTag: v2.eTag, versionId: v2.versionId, rows: 60 });
    await expectOnlyOutputsOf('sales', v2);
    await expectConvertedItem('sales', v2, { read: 60, written: 60, rejected: 0 });
  });

  it('a rejected re-upload of a good file leaves its rejection record and nothing of the earlier version', async () => {
    const good = await upload(h.s3, h.source, 'raw/loose/broken.csv', twoRows);
    await h.invoke(s3Event([good]));
    const bad = await upload(h.s3, h.source, 'raw/loose/broken.csv', notUtf8);
    expect(kinds((await h.invoke(s3Event([bad]))).outcomes)).toEqual(['rejected']);
    expect(await keysOf(good.key)).toEqual([rejectionOf('loose', good.key)]);
  });

  it('a re-upload that fixes a rejected file clears its rejection record', async () => {
    const bad = await upload(h.s3, h.source, 'raw/loose/fixed.csv', notUtf8);
    expect(kinds((await h.invoke(s3Event([bad]))).outcomes)).toEqual(['rejected']);
    expect(await keysOf(bad.key)).toEqual([rejectionOf('loose', bad.key)]);
    const good = await upload(h.s3, h.source, 'raw/loose/fixed.csv', twoRows);
    expect(kinds((await h.invoke(s3Event([good]))).outcomes)).toEqual(['written']);
    await expectOnlyOutputsOf('loose', good);
  });

  it('an unversioned source: a late event for an overwritten object writes nothing', async () => {
    const plain = await etlHarness({}, { versioned: false });
    const old = await upload(plain.s3, plain.source, 'raw/loose/plain.csv', twoRows);
    await upload(plain.s3, plain.source, 'raw/loose/plain.csv', threeRows);
    const result = await plain.invoke(s3Event([old]));
    expect(result.outcomes).toEqual([expect.objectContaining({ kind: 'superseded', written: [] })]);
    expect(await listKeys(plain.s3, plain.destination)).toEqual([]);
  });

  it('a suspended-versioning source: an event for the current object converts it', async () => {
    const suspended = await etlHarness({}, { versioned: false });
    await setVersioning(suspended.s3, suspended.source, 'Suspended');
    const { summary, uploaded } = await suspended.ingest('raw/loose/now.csv', threeRows);
    expect(kinds(summary.outcomes)).toEqual(['written']);
    const manifest = await readJson<Manifest>(
      suspended.s3,
      suspended.destination,
      manifestOf('loose', uploaded.key),
    );
    expect(manifest.rows.read).toBe(3);
  });
});

describe('etl when CSV files are removed', () => {
  it('a removed CSV takes its Parquet, NDJSON, quarantined rows and manifest with it; the item becomes a tombstone', async () => {
    const v1 = await upload(h.s3, h.source, 'raw/sales/removed.csv', await salesCsv(50, 10));
    await h.invoke(s3Event([v1]));
    expect((await keysOf(v1.key)).length).toBe(4); // parquet, ndjson, quarantined rows, manifest
    await expectConvertedItem('sales', v1, { read: 50, written: 45, rejected: 5 });
    const removal = await deleteObjectForEvent(h.s3, { Bucket: h.source, Key: v1.key });
    const result = await h.invoke(s3Event([removal]));
    expect(result.outcomes).toEqual([expect.objectContaining({ kind: 'removed', catalog: 'written' })]);
    expect(await keysOf(v1.key)).toEqual([]);
    const item = await h.item(v1.key);
    expect(item).toMatchObject({ kind: 'removed', outputs: [], sequencer: removal.sequencer });
    expect(item).not.toHaveProperty('rows');
    expect(item?.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it("the delete of an older version leaves the current version's outputs and item", async () => {
    const v1 = await upload(h.s3, h.source, 'raw/loose/removed-old.csv', twoRows);
    const v2 = await upload(h.s3, h.source, 'raw/loose/removed-old.csv', threeRows);
    await h.invoke(s3Event([v2]));
    const removal = await deleteObjectForEvent(h.s3, {
      Bucket: h.source,
      Key: v1.key,
      VersionId: v1.versionId,
    });
    expect(kinds((await h.invoke(s3Event([removal]))).outcomes)).toEqual(['superseded']);
    await expectOnlyOutputsOf('loose', v2);
    await expectConvertedItem('loose', v2, { read: 3, written: 3, rejected: 0 });
  });

  it("the upload's event redelivered after its removal converts nothing; a removal of a file never converted is skipped", async () => {
    const v1 = await upload(h.s3, h.source, 'raw/loose/removed-late.csv', twoRows);
    await h.invoke(s3Event([v1]));
    const removal = await deleteObjectForEvent(h.s3, { Bucket: h.source, Key: v1.key });
    await h.invoke(s3Event([removal]));
    const late = await h.invoke(s3Event([v1]));
    expect(late.outcomes).toEqual([
      expect.objectContaining({ kind: 'superseded', written: [], catalog: 'unchanged' }),
    ]);
    expect(await keysOf(v1.key)).toEqual([]);
    expect(await h.item(v1.key)).toMatchObject({ kind: 'removed' });
    const never = await upload(h.s3, h.source, 'raw/loose/never.csv', twoRows);
    const neverRemoved = await deleteObjectForEvent(h.s3, { Bucket: h.source, Key: never.key });
    expect((await h.invoke(s3Event([neverRemoved]))).outcomes).toEqual([
      expect.objectContaining({ kind: 'skipped', reason: 'never-processed' }),
    ]);
    expect(await h.item(never.key)).toBeUndefined();
  });

  it('a re-upload after a removal converts again, and its item is no tombstone', async () => {
    const v1 = await upload(h.s3, h.source, 'raw/loose/removed-again.csv', twoRows);
    await h.invoke(s3Event([v1]));
    await h.invoke(s3Event([await deleteObjectForEvent(h.s3, { Bucket: h.source, Key: v1.key })]));
    const v2 = await upload(h.s3, h.source, 'raw/loose/removed-again.csv', threeRows);
    expect(kinds((await h.invoke(s3Event([v2]))).outcomes)).toEqual(['written']);
    await expectOnlyOutputsOf('loose', v2);
    await expectConvertedItem('loose', v2, { read: 3, written: 3, rejected: 0 });
  });
});
