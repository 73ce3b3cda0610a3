import { countByKind } from '@pipeline/lambda-kit';
/**
 * Every case of the csv-spectrum suite (a third-party set of CSV files with their expected JSON)
 * through the etl function: once with an all-string schema, once schema-less (types inferred), both
 * with no null markers so an empty field stays an empty string as the expected JSON has it.
 */
import { cleanupTestBuckets } from '@pipeline/testing';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import { etlHarness, type EtlHarness } from '../support/harness.js';
import { listKeys, readText } from '../support/s3.js';

const SPECTRUM = dirname(require.resolve('csv-spectrum/package.json'));
const CASES = readdirSync(join(SPECTRUM, 'csvs')).map((file) => file.replace(/\.csv$/, ''));

/**
 * The package's expected JSON for location_coordinates names a phone number its CSV does not hold
 * (1234567890 against 2095257564 in the file); every other value of the case is checked as shipped.
 */
const ERRATA: Readonly<Record<string, (rows: Record<string, string>[]) => Record<string, string>[]>> = {
  location_coordinates: (rows) => rows.map((row) => ({ ...row, 'Contact Phone Number': '2095257564' })),
};

function expected(name: string): Record<string, string>[] {
  const raw = JSON.parse(readFileSync(join(SPECTRUM, 'json', `${name}.json`), 'utf8')) as
    Record<string, string> | Record<string, string>[];
  const rows = Array.isArray(raw) ? raw : [raw];
  return ERRATA[name]?.(rows) ?? rows;
}

const csv = (name: string): Buffer => readFileSync(join(SPECTRUM, 'csvs', `${name}.csv`));
const header = (name: string): string[] =>
  Papa.parse<string[]>(csv(name).toString('utf8'), { preview: 1 }).data[0] as string[];
const datasetName = (name: string, kind: string) => `spectrum-${name.replaceAll('_', '-')}-${kind}`;

let h: EtlHarness;

beforeAll(async () => {
  const datasets = CASES.flatMap((name) => [
    {
      name: datasetName(name, 'text'),
      prefix: `raw/${datasetName(name, 'text')}`,
      schema: { columns: header(name).map((column) => ({ name: column, type: 'string' })) },
      parse: { nullMarkers: [] },
    },
    {
      name: datasetName(name, 'inferred'),
      prefix: `raw/${datasetName(name, 'inferred')}`,
      parse: { nullMarkers: [] },
    },
  ]);
  h = await etlHarness({ DATASETS: JSON.stringify(datasets) });
});

afterAll(async () => {
  await cleanupTestBuckets(h.s3);
});

/** An NDJSON value as the text it was: strings as they are, numbers and booleans as JSON prints them. */
const asText = (value: unknown): unknown => (typeof value === 'string' ? value : JSON.stringify(value));

describe.each(['text', 'inferred'])('csv-spectrum, %s', (kind) => {
  it('covers the whole suite', () => {
    expect(CASES).toHaveLength(12);
  });

  it.each(CASES)('%s matches its expected JSON', async (name) => {
    const dataset = datasetName(name, kind);
    const { summary } = await h.ingest(`raw/${dataset}/${name}.csv`, csv(name));
    expect(countByKind(summary.outcomes)).toEqual({ written: 1 });
    const keys = await listKeys(h.s3, h.destination, `curated/_ndjson/${dataset}/`);
    const ndjson = await readText(h.s3, h.destination, keys.find((key) => key.endsWith('.ndjson')) as string);
    const rows = ndjson
      .split('\n')
      .filter(Boolean)
      .map((line) =>
        Object.fromEntries(Object.entries(JSON.parse(line) as object).map(([k, v]) => [k, asText(v)])),
      );
    expect(rows).toEqual(expected(name));
    expect(await listKeys(h.s3, h.destination, `rejected/${dataset}/`)).toEqual([]);
  });
});
