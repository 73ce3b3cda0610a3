/**
 * `pnpm query --env dev|prod`'s Athena path against the emulator's Athena API: a real workgroup in moto,
 * StartQueryExecution, GetQueryExecution polled until it succeeds, GetQueryResults read. What moto does
 * not do: it runs no SQL (the rows are preset through its `/moto-api/static/athena/query-results`, as
 * Athena returns them: the header row first, every value as text), it always reports 0 bytes scanned
 * (so the bill is the 10 MB minimum), and it never fails a query: the failed query's GetQueryExecution
 * is answered by a stand-in at the client's middleware, the only call replaced, and the test says so.
 */
import {
  AthenaClient,
  CreateWorkGroupCommand,
  type GetQueryExecutionCommandOutput,
} from '@aws-sdk/client-athena';
import { CreateDatabaseCommand, CreateTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { emulatorEndpoint, testCredentials, uniqueName } from '@pipeline/testing';
import { UsageError } from '../../src/errors.js';
import { ATHENA_PRICE } from '../../src/cost/prices.js';
import { runAthenaQuery, type AthenaTarget } from '../../src/query/athena-engine.js';
import { checkNamedDatasets } from '../../src/query/dataset-check.js';
import { answerQuery } from '../../src/query/query-command.js';
import { renderResult } from '../../src/query/query-result.js';

const region = process.env.AWS_REGION ?? 'us-east-1';
const config = { endpoint: emulatorEndpoint(), region, credentials: testCredentials() };
const athena = new AthenaClient(config);
const glue = new GlueClient(config);
let target: AthenaTarget;

/** Queues the rows moto's GetQueryResults answers for the next query execution. */
async function presetResults(
  header: string[],
  types: string[],
  rows: (string | undefined)[][],
): Promise<void> {
  const text = (values: (string | undefined)[]) => ({
    Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
  });
  const response = await fetch(`${emulatorEndpoint()}/moto-api/static/athena/query-results`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      region,
      results: [
        {
          rows: [text(header), ...rows.map(text)],
          column_info: header.map((name, i) => ({
            Name: name,
            Label: name,
            Type: types[i],
            Nullable: 'UNKNOWN',
          })),
        },
      ],
    }),
  });
  expect(response.status).toBe(201);
}

beforeAll(async () => {
  const database = uniqueName('curated').replaceAll('-', '_');
  const workgroup = uniqueName('query');
  await athena.send(new CreateWorkGroupCommand({ Name: workgroup }));
  await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } }));
  await glue.send(
    new CreateTableCommand({
      DatabaseName: database,
      TableInput: {
        Name: 'orders',
        PartitionKeys: [{ Name: 'ingest_date', Type: 'date' }],
        StorageDescriptor: {
          Columns: [{ Name: 'id', Type: 'bigint' }],
          Location: 's3://processed/curated/orders/',
        },
      },
    }),
  );
  target = { workgroup, database };
}, 60_000);

describe("pnpm query's Athena path (moto's Athena API, results preset)", () => {
  it('starts the query in the workgroup, polls it, reads its rows without the header, and prices the scan', async () => {
    await presetResults(
      ['ingest_date', 'orders', 'amount', 'shipped'],
      ['date', 'bigint', 'decimal', 'boolean'],
      [
        ['2026-11-30', '9', '1234.50', 'true'],
        ['2026-12-01', '3', undefined, 'false'],
      ],
    );
    const result = await runAthenaQuery(
      athena,
      'SELECT ingest_date, count(*) AS orders, sum(amount) AS amount, bool_or(shipped) AS shipped FROM orders GROUP BY 1',
      target,
      { pollMs: 10 },
    );
    expect(result.engine).toBe('athena');
    expect(result.queryExecutionId).toEqual(expect.any(String));
    expect(result.columns).toEqual([
      { name: 'ingest_date', type: 'date' },
      { name: 'orders', type: 'bigint' },
      { name: 'amount', type: 'decimal' },
      { name: 'shipped', type: 'boolean' },
    ]);
    expect(result.rows).toEqual([
      ['2026-11-30', 9, '1234.50', true],
      ['2026-12-01', 3, null, false],
    ]);
    // moto scans nothing: the bill is Athena's 10 MB minimum at $5 per TB.
    expect(result.cost).toMatchObject({ scannedBytes: 0, billedBytes: 10 * 2 ** 20 });
    expect(result.cost?.usd).toBeCloseTo((10 / 2 ** 20) * ATHENA_PRICE.perTbScanned, 12);
    expect(renderResult(result)).toMatch(
      /\n2 rows; scanned 0 bytes, billed 10485760: \$0\.000048 \(\$5\.00 per TB scanned/,
    );
  }, 60_000);

  it('prints --json as one JSON document alone on stdout, with the scan and its cost (the command, clients from the environment)', async () => {
    await presetResults(['orders'], ['bigint'], [['37']]);
    const written: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(((
      chunk: string,
      done?: (error?: Error) => void,
    ) => {
      written.push(chunk);
      done?.();
      return true;
    }) as typeof process.stdout.write);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await answerQuery(
        { env: 'dev', json: true, sql: 'SELECT count(*) AS orders FROM orders' },
        { engine: 'athena', region, ...target },
      );
      expect(code).toBe(0);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(JSON.parse(written.join(''))).toMatchObject({
      engine: 'athena',
      rows: [{ orders: 37 }],
      rowCount: 1,
      cost: {
        scannedBytes: 0,
        billedBytes: 10 * 2 ** 20,
        price: expect.stringContaining(ATHENA_PRICE.source),
      },
    });
  }, 60_000);

  it('answers zero rows when Athena has none (no result preset)', async () => {
    const result = await runAthenaQuery(athena, 'SELECT id FROM orders WHERE false', target, { pollMs: 10 });
    expect(result.rows).toEqual([]);
  }, 60_000);

  it("gives Athena's reason when the query fails (GetQueryExecution answered by a stand-in: moto never fails one)", async () => {
    const failing = new AthenaClient(config);
    failing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'GetQueryExecutionCommand') return next(args);
        const output: Partial<GetQueryExecutionCommandOutput> = {
          QueryExecution: {
            Status: {
              State: 'FAILED',
              StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
            },
          },
        };
        return { output: output as GetQueryExecutionCommandOutput, response: {} };
      },
      { step: 'initialize' },
    );
    await expect(
      runAthenaQuery(failing, 'SELECT nope FROM orders', target, { pollMs: 10 }),
    ).rejects.toMatchObject({
      code: 'QUERY_FAILED',
      message: expect.stringMatching(
        /^Athena failed the query .*: COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved$/,
      ),
    });
  }, 60_000);

  it('refuses a table that is no dataset before starting anything, naming the datasets (exit 2)', async () => {
    await expect(checkNamedDatasets('SELECT * FROM customers', glue, target.database)).rejects.toThrow(
      new UsageError('Expected a dataset table (orders) but received customers'),
    );
    await expect(checkNamedDatasets('SELECT * FROM orders', glue, target.database)).resolves.toBeUndefined();
    // SQL only Athena's dialect parses is left to Athena.
    await expect(
      checkNamedDatasets(
        'SELECT * FROM customers MATCH_RECOGNIZE (ORDER BY id PATTERN (A) DEFINE A AS true)',
        glue,
        target.database,
      ),
    ).resolves.toBeUndefined();
  }, 60_000);
});
