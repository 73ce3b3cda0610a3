/**
 * Each dataset's Glue table, kept by etl under its synthesized role against the emulator: a declared
 * dataset's table holds its contract types; a schema-less dataset's table is made from its first file,
 * later files are read with its types and append the columns it lacks; a hand-edited table rejects the
 * next file; two files appending at once both keep their columns. Every file is read back and compared
 * with the table: names, order and types.
 */
import { ConcurrentModificationException, GlueClient, UpdateTableCommand } from '@aws-sdk/client-glue';
import { countByKind } from '@pipeline/lambda-kit';
import { cleanupTestBuckets, s3Event } from '@pipeline/testing';
import { glueTypeOf } from '@pipeline/dataset-contract';
import Papa from 'papaparse';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepColumns, WRITTEN_TYPES } from '../../src/catalog.js';
import { SYNTHETIC_SCHEMA, writeSyntheticCsv } from '../fixtures/synthetic-csv.js';
import { expectFilesAgreeWithTable, glueTable, parquetFilesOf } from '../support/catalog.js';
import { etlHarness, testGlueClient, type EtlHarness } from '../support/harness.js';
import { listKeys, readJson, readText, rejectionOf, upload } from '../support/s3.js';

let h: EtlHarness;

beforeAll(async () => {
  h = await etlHarness();
});

afterAll(async () => {
  await cleanupTestBuckets(h.s3);
});

const quarantineOf = async (name: string) => {
  const key = (await listKeys(h.s3, h.destination)).find(
    (k) => k.includes(`/${name}-`) && k.endsWith('.csv'),
  );
  return key === undefined
    ? []
    : Papa.parse<Record<string, string>>(await readText(h.s3, h.destination, key), {
        header: true,
        skipEmptyLines: true,
      }).data;
};

describe('a declared dataset', () => {
  it('has a table of its declared columns with their contract types, partitioned by ingest_date, and files that match it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'etl-catalog-'));
    await writeSyntheticCsv(join(dir, 'declared.csv'), { rows: 50 });
    await h.ingest('raw/sales/declared.csv', await readFile(join(dir, 'declared.csv')));
    await rm(dir, { recursive: true, force: true });
    const table = await glueTable(h.database, 'sales');
    expect(table.columns).toEqual(
      SYNTHETIC_SCHEMA.columns.map((c) => ({ name: c.name, type: glueTypeOf(c) })),
    );
    expect(table.partitionKeys).toEqual([{ Name: 'ingest_date', Type: 'date' }]);
    expect(table.parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.ingest_date.type': 'date',
    });
    expect(await expectFilesAgreeWithTable(h, 'sales')).toBe(1);
  });
});

describe('a schema-less dataset', () => {
  it('makes its table from the first file and keeps it: later files are read with its types, new columns appended', async () => {
    await h.ingest('raw/loose/first.csv', 'id,name\n1,ann\n2,bob\n');
    expect((await glueTable(h.database, 'loose')).columns).toEqual([
      { name: 'id', type: 'bigint' },
      { name: 'name', type: 'string' },
    ]);

    // `id` is text in this file: its rows that do not fit the table's bigint are quarantined, naming both types.
    const second = await h.ingest('raw/loose/second.csv', 'id,name,score\nx7,cat,1.5\n3,dan,2.5\n');
    expect(countByKind(second.summary.outcomes)).toMatchObject({ written: 1 });
    const rejected = await quarantineOf('second');
    expect(rejected).toEqual([expect.objectContaining({ reason: 'invalid_value', column: 'id' })]);
    expect(rejected[0]!['message']).toContain(
      "the table types id as bigint; this file's values read as string",
    );

    // Columns in another order, one missing, one new: the file holds the table's columns, in its order.
    await h.ingest('raw/loose/third.csv', 'flag,name\ntrue,eve\n');
    const table = await glueTable(h.database, 'loose');
    expect(table.columns).toEqual([
      { name: 'id', type: 'bigint' },
      { name: 'name', type: 'string' },
      { name: 'score', type: 'double' },
      { name: 'flag', type: 'boolean' },
    ]);
    expect(JSON.parse(table.parameters[WRITTEN_TYPES] ?? '{}')).toEqual({
      id: 'bigint',
      name: 'string',
      score: 'double',
      flag: 'boolean',
    });
    expect(await expectFilesAgreeWithTable(h, 'loose')).toBe(3);
    const third = (await parquetFilesOf(h, 'loose')).find((f) => f.key.includes('/third-'))!;
    expect(third.columns.map((c) => c.name)).toEqual(['id', 'name', 'score', 'flag']);
  });

  it("writes a re-uploaded (repaired) key with the table's columns too", async () => {
    await h.ingest('raw/loose/first.csv', 'name,id\nfay,9\n');
    const files = await parquetFilesOf(h, 'loose');
    const first = files.filter((f) => f.key.includes('/first-'));
    expect(first).toHaveLength(1); // the earlier version's outputs were replaced
    expect(first[0]!.columns.map((c) => c.name)).toEqual(['id', 'name', 'score', 'flag']);
    await expectFilesAgreeWithTable(h, 'loose');
  });

  it('keeps both columns when two files append at once (two real invocations)', async () => {
    const a = await upload(h.s3, h.source, 'raw/loose/col-a.csv', 'name,alpha\ngus,1\n');
    const b = await upload(h.s3, h.source, 'raw/loose/col-b.csv', 'name,beta\nhal,x\n');
    const results = await Promise.all([h.invoke(s3Event([a])), h.invoke(s3Event([b]))]);
    for (const result of results) expect(countByKind(result.outcomes)).toMatchObject({ written: 1 });
    const columns = (await glueTable(h.database, 'loose')).columns;
    expect(columns).toEqual(
      expect.arrayContaining([
        { name: 'alpha', type: 'bigint' },
        { name: 'beta', type: 'string' },
      ]),
    );
    // Every file's columns are the table's, by name and type (the order of two concurrent appends is either).
    for (const file of await parquetFilesOf(h, 'loose'))
      for (const column of file.columns) expect(columns).toContainEqual(column);
  });
});

describe('a table edited by hand', () => {
  it('rejects the next file with CATALOG_MISMATCH, naming the column and both types, and writes no file', async () => {
    const h2 = await etlHarness();
    await h2.ingest('raw/loose/one.csv', 'id,name\n1,ann\n');
    const glue = testGlueClient();
    const { columns, parameters } = await glueTable(h2.database, 'loose');
    await glue.send(
      new UpdateTableCommand({
        DatabaseName: h2.database,
        TableInput: {
          Name: 'loose',
          Parameters: parameters,
          PartitionKeys: [{ Name: 'ingest_date', Type: 'date' }],
          StorageDescriptor: {
            Columns: columns.map((c) => ({ Name: c.name, Type: c.name === 'id' ? 'boolean' : c.type })),
          },
        },
      }),
    );
    const { summary } = await h2.ingest('raw/loose/two.csv', 'id,name\n2,bob\n');
    expect(countByKind(summary.outcomes)).toMatchObject({ rejected: 1 });
    const rejection = await readJson(h2.s3, h2.destination, rejectionOf('loose', 'raw/loose/two.csv'));
    expect(rejection).toMatchObject({ error: { code: 'CATALOG_MISMATCH' } });
    expect(JSON.stringify(rejection)).toMatch(/Expected bigint .*for column \\"id\\".*but received boolean/);
    expect((await parquetFilesOf(h2, 'loose')).map((f) => f.key)).toEqual([expect.stringContaining('/one-')]);
  });
});

describe('an append that meets a concurrent change', () => {
  it('reads the table again and retries (the conflict is injected: moto does not check VersionId)', async () => {
    // Mocked: only the first UpdateTable's ConcurrentModificationException, which AWS Glue answers to a
    // stale VersionId and moto 5.2.1 never does. Every other call is the emulator's.
    const glue = testGlueClient();
    let updates = 0;
    glue.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'UpdateTableCommand' && (updates += 1) === 1)
          throw new ConcurrentModificationException({ message: 'injected', $metadata: {} });
        return next(args);
      },
      { step: 'initialize' },
    );
    const catalog = {
      glue: glue as GlueClient,
      config: { database: h.database, partitionsFrom: '2026-01-01' },
      dataset: { name: 'retried', prefix: 'raw/retried/', parse: h.config.datasets[1]!.parse },
      location: `s3://${h.destination}/curated/retried/`,
    };
    await keepColumns(catalog, [{ name: 'a', type: 'bigint' }]);
    const columns = await keepColumns(catalog, [{ name: 'b', type: 'string' }]);
    expect(updates).toBe(2);
    expect(columns).toEqual([
      { name: 'a', type: 'bigint' },
      { name: 'b', type: 'string' },
    ]);
  });
});
