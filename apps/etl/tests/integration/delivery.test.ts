/**
 * S3 delivers events at least once and in no order, and keys are uploaded again. Whatever the
 * order, a dataset holds each source key's current version only: its outputs, its manifest, and no
 * outputs of an earlier version; each outcome record says what happened.
 */
import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { countByKind, type ObjectOutcome } from '@pipeline/lambda-kit';
import { cleanupTestBuckets, holdFirstWrite, s3Event, setVersioning } from '@pipeline/testing';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceStem } from '../../src/keys.js';
import type { Manifest } from '../../src/manifest.js';
import { writeSyntheticCsv } from '../fixtures/synthetic-csv.js';
import { expectFilesAgreeWithTable } from '../support/catalog.js';
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
  });

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
  });

  it('two events for one key handled at the same time: the current version wins', async () => {
    const v1 = await upload(h.s3, h.source, 'raw/loose/race.csv', twoRows);
    const v2 = await upload(h.s3, h.source, 'raw/loose/race.csv', threeRows);
    const results = await Promise.all([h.invoke(s3Event([v1])), h.invoke(s3Event([v2]))]);
    expect(countByKind(results.flatMap((r) => r.outcomes))).toEqual({ written: 1, superseded: 1 });
    expect(await datasetView('loose', v1.key)).toEqual({ eTag: v2.eTag, versionId: v2.versionId, rows: 3 });
    await expectOnlyOutputsOf('loose', v2);
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
  });

  it('the object deleted before its event is handled: its version deleted is a rejection; a delete marker leaves the last version', async () => {
    const gone = await upload(h.s3, h.source, 'raw/loose/deleted-version.csv', twoRows);
    await h.s3.send(new DeleteObjectCommand({ Bucket: h.source, Key: gone.key, VersionId: gone.versionId }));
    const marked = await upload(h.s3, h.source, 'raw/loose/deleted-marker.csv', twoRows);
    await h.s3.send(new DeleteObjectCommand({ Bucket: h.source, Key: marked.key }));
    const result = await h.invoke(s3Event([gone, marked]));
    expect(result.outcomes).toEqual([
      expect.objectContaining({ kind: 'rejected', code: 'OBJECT_NOT_FOUND' }),
      expect.objectContaining({ kind: 'written' }),
    ]);
    expect(await datasetView('loose', marked.key)).toMatchObject({ versionId: marked.versionId, rows: 2 });
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

  it('leaves every Parquet file of the dataset, repaired ones included, agreeing with its Glue table', async () => {
    expect(await expectFilesAgreeWithTable(h, 'loose')).toBeGreaterThan(3);
  });
});
