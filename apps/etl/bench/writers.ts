/**
 * Parquet writers compared on the same typed rows (built in memory, so only the writing is timed):
 * hyparquet-writer (pure JS), parquet-wasm (Rust in WASM, fed Arrow built with apache-arrow), and
 * DuckDB's own writer (the rows generated in SQL with the same types and sizes).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
const DAY = 86_400_000;

type Columns = {
  id: bigint[];
  name: string[];
  score: number[];
  active: boolean[];
  birth: number[];
  created: bigint[];
  note: string[];
};

function columns(rows: number): Columns {
  const c: Columns = { id: [], name: [], score: [], active: [], birth: [], created: [], note: [] };
  for (let i = 0; i < rows; i += 1) {
    c.id.push(BigInt(i));
    c.name.push(`name ${i % 1000}`);
    c.score.push(((i * 7919) % 10_000) / 1000);
    c.active.push(i % 2 === 0);
    c.birth.push(-10_000 + (i % 20_000));
    c.created.push(BigInt(1_700_000_000_000 + i * 1000) * 1000n);
    c.note.push(`note ${i} ${i % 3 === 0 ? 'with, comma' : 'plain'}`);
  }
  return c;
}

async function hyparquet(c: Columns, out: string): Promise<void> {
  const { ByteWriter, ParquetWriter } = await import('hyparquet-writer');
  const schema = [
    { name: 'root', num_children: 7 },
    { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
    { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    { name: 'score', type: 'DOUBLE', repetition_type: 'REQUIRED' },
    { name: 'active', type: 'BOOLEAN', repetition_type: 'REQUIRED' },
    { name: 'birth', type: 'INT32', converted_type: 'DATE', repetition_type: 'REQUIRED' },
    { name: 'created', type: 'INT64', converted_type: 'TIMESTAMP_MICROS', repetition_type: 'REQUIRED' },
    { name: 'note', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  ] as ConstructorParameters<typeof ParquetWriter>[0]['schema'];
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema, codec: 'SNAPPY' });
  await parquet.write({
    columnData: Object.entries(c).map(([name, data]) => ({ name, data })),
    rowGroupSize: 100_000,
  });
  await parquet.finish();
  await writeFile(out, writer.getBytes());
}

async function parquetWasm(c: Columns, out: string): Promise<void> {
  const arrow = require('apache-arrow') as typeof import('apache-arrow');
  const wasm = require('parquet-wasm/node') as typeof import('parquet-wasm/node');
  const table = new arrow.Table({
    id: arrow.vectorFromArray(BigInt64Array.from(c.id)),
    name: arrow.vectorFromArray(c.name, new arrow.Utf8()),
    score: arrow.vectorFromArray(Float64Array.from(c.score)),
    active: arrow.vectorFromArray(c.active, new arrow.Bool()),
    birth: arrow.vectorFromArray(
      c.birth.map((d) => new Date(d * DAY)),
      new arrow.DateDay(),
    ),
    created: arrow.vectorFromArray(
      c.created.map((us) => Number(us / 1000n)),
      new arrow.TimestampMicrosecond(),
    ),
    note: arrow.vectorFromArray(c.note, new arrow.Utf8()),
  });
  const props = new wasm.WriterPropertiesBuilder()
    .setCompression(wasm.Compression.SNAPPY)
    .setMaxRowGroupSize(100_000)
    .build();
  await writeFile(out, wasm.writeParquet(wasm.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), props));
}

async function duckdb(rows: number, out: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await db.connect();
  await connection.run(`COPY (SELECT i::BIGINT AS id, 'name ' || (i % 1000) AS name, ((i * 7919) % 10000) / 1000 AS score, i % 2 = 0 AS active,
    DATE '1970-01-01' + (-10000 + i % 20000)::INTEGER AS birth, make_timestamp(1700000000000000 + i * 1000000) AS created,
    'note ' || i || CASE WHEN i % 3 = 0 THEN ' with, comma' ELSE ' plain' END AS note FROM range(${rows}) t(i))
    TO '${out}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 100000)`);
  connection.closeSync();
  db.closeSync();
}

/**
 * Seconds to write `rows` rows with `writer` (the JS writers' input is built before the clock
 * starts; parquet-wasm's time includes building the Arrow table, which that design must do).
 */
export async function timeWriter(writer: string, rows: number, work: string): Promise<number> {
  const out = join(work, `${writer}.parquet`);
  const data = writer === 'duckdb' ? undefined : columns(rows);
  const started = performance.now();
  if (writer === 'hyparquet-writer') await hyparquet(data as Columns, out);
  else if (writer === 'parquet-wasm') await parquetWasm(data as Columns, out);
  else await duckdb(rows, out);
  return (performance.now() - started) / 1000;
}
