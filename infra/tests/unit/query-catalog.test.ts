/**
 * The query side of each stack: the Glue database, a table per declared dataset (the contract's
 * types, Parquet, partition projection), the Athena workgroup, the analysts' policy, the etl role's
 * table grant, and the checks that keep Athena's results folder clear of every trigger and output.
 */
import { glueTypeOf, parseColumns } from '@pipeline/dataset-contract';
import { ENVIRONMENTS, validateEnvironment, type EnvironmentConfig } from '../../src/config/index.js';
import { InfraConfigError } from '../../src/errors.js';
import { DEMO_DATASETS } from '../../src/pipelines/etl/datasets.js';
import { ALL_ENVIRONMENTS, dataOf, resourcesOf, synthJson, type Block } from '../support/synthesized.js';

const stacks = synthJson();
const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';

describe.each(ALL_ENVIRONMENTS)('the %s stack', (environment) => {
  const json = stacks.get(environment)!;
  const config = ENVIRONMENTS[environment];
  const processed = `\${aws_s3_bucket.processed_bucket.bucket}`;

  it('has one Glue database, named <namePrefix>_curated with underscores', () => {
    const databases = resourcesOf(json, 'aws_glue_catalog_database');
    expect(databases).toHaveLength(1);
    expect(databases[0]![1]['name']).toBe(`${config.namePrefix.replaceAll('-', '_')}_curated`);
  });

  it('declares a table for each dataset with columns, typed as etl writes them, and none for schema-less ones', () => {
    const tables = resourcesOf(json, 'aws_glue_catalog_table').map(([, t]) => t);
    const declared = DEMO_DATASETS.filter((d) => d.columns !== undefined);
    expect(tables.map((t) => t['name'])).toEqual(declared.map((d) => d.name.replaceAll('-', '_')));
    const orders = tables[0]!;
    const storage = orders['storage_descriptor'] as Block;
    expect(orders).toMatchObject({
      table_type: 'EXTERNAL_TABLE',
      database_name: '${aws_glue_catalog_database.curated_catalog_database.name}',
      partition_keys: [{ name: 'ingest_date', type: 'date' }],
    });
    expect(storage).toMatchObject({
      location: `s3://${processed}/etl/curated/orders/`,
      input_format: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      output_format: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      ser_de_info: { serialization_library: PARQUET_SERDE },
    });
    expect(storage['columns']).toEqual(
      parseColumns(declared[0]!.columns, 'columns').map((c) => ({ name: c.name, type: glueTypeOf(c) })),
    );
    expect(storage['columns']).toContainEqual({ name: 'amount', type: 'decimal(12,2)' });
  });

  it('projects the ingest_date partitions (no crawler, no MSCK REPAIR), its template escaped from terraform', () => {
    const orders = resourcesOf(json, 'aws_glue_catalog_table')[0]![1];
    expect(orders['parameters']).toEqual({
      EXTERNAL: 'TRUE',
      classification: 'parquet',
      'projection.enabled': 'true',
      'projection.ingest_date.type': 'date',
      'projection.ingest_date.format': 'yyyy-MM-dd',
      'projection.ingest_date.range': `${config.query.partitionsFrom},NOW`,
      'projection.ingest_date.interval': '1',
      'projection.ingest_date.interval.unit': 'DAYS',
      // `$${` is terraform's escape: the applied value is Athena's `${ingest_date}` placeholder.
      'storage.location.template': `s3://${processed}/etl/curated/orders/ingest_date=$\${ingest_date}/`,
    });
  });

  it('has an Athena workgroup with its configuration enforced, results encrypted under the results folder, and a cutoff', () => {
    const workgroups = resourcesOf(json, 'aws_athena_workgroup');
    expect(workgroups).toHaveLength(1);
    expect(workgroups[0]![1]).toMatchObject({
      name: `${config.namePrefix}-analytics`,
      state: 'ENABLED',
      configuration: {
        enforce_workgroup_configuration: true,
        bytes_scanned_cutoff_per_query: config.query.bytesScannedCutoffPerQuery,
        result_configuration: {
          output_location: `s3://${processed}/athena-results/`,
          encryption_configuration: { encryption_option: 'SSE_S3' },
        },
      },
    });
  });

  it('outputs the query contract: database, workgroup, results location and a read-only policy', () => {
    expect(json.output['query']!['value']).toEqual({
      glue_database: '${aws_glue_catalog_database.curated_catalog_database.name}',
      athena_workgroup: '${aws_athena_workgroup.athena_workgroup.name}',
      results_location: `s3://${processed}/athena-results/`,
      policy_json: '${data.aws_iam_policy_document.query_policy_document.json}',
    });
    const policy = dataOf(json, 'aws_iam_policy_document').find(([id]) => id === 'query_policy_document')![1];
    const actions = (policy['statement'] as Block[]).flatMap((s) => s['actions'] as string[]);
    expect(actions.filter((a) => /^(glue|s3):(Put|Create|Update|Delete)/.test(a))).toEqual(['s3:PutObject']);
    const write = (policy['statement'] as Block[]).find((s) => s['sid'] === 'WriteQueryResults')!;
    expect(write['resources']).toEqual(['${aws_s3_bucket.processed_bucket.arn}/athena-results/*']);
  });

  it('lets the etl role keep tables in its database only, and tells the function the database', () => {
    const document = dataOf(json, 'aws_iam_policy_document').find(
      ([id]) => id === 'etl_role_policy_document',
    )![1];
    const keep = (document['statement'] as Block[]).find((s) => s['sid'] === 'KeepCatalogTables')!;
    expect(keep['actions']).toEqual(['glue:GetTable', 'glue:CreateTable', 'glue:UpdateTable']);
    const db = config.namePrefix.replaceAll('-', '_') + '_curated';
    expect(keep['resources']).toEqual([
      `arn:\${data.aws_partition.curated_catalog_partition.partition}:glue:${config.region}:\${data.aws_caller_identity.account.account_id}:catalog`,
      `arn:\${data.aws_partition.curated_catalog_partition.partition}:glue:${config.region}:\${data.aws_caller_identity.account.account_id}:database/${db}`,
      `arn:\${data.aws_partition.curated_catalog_partition.partition}:glue:${config.region}:\${data.aws_caller_identity.account.account_id}:table/${db}/*`,
    ]);
    const etl = resourcesOf(json, 'aws_lambda_function').find(([, f]) =>
      String(f['function_name']).endsWith('-etl'),
    )![1];
    expect((etl['environment'] as Block)['variables']).toMatchObject({
      GLUE_DATABASE: db,
      GLUE_PARTITIONS_FROM: config.query.partitionsFrom,
    });
  });
});

describe('query settings per environment', () => {
  it('lets prod scan more per query than dev', () => {
    expect(ENVIRONMENTS.prod.query.bytesScannedCutoffPerQuery).toBeGreaterThan(
      ENVIRONMENTS.dev.query.bytesScannedCutoffPerQuery,
    );
  });

  it('encrypts results with the bucket key when the buckets have one', () => {
    const kmsKeyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const json = synthJson({ environments: ['dev'], overrides: { dev: { bucketKmsKeyArn: kmsKeyArn } } }).get(
      'dev',
    )!;
    const workgroup = resourcesOf(json, 'aws_athena_workgroup')[0]![1];
    expect(workgroup).toMatchObject({
      configuration: {
        result_configuration: {
          encryption_configuration: { encryption_option: 'SSE_KMS', kms_key_arn: kmsKeyArn },
        },
      },
    });
  });
});

describe('query settings validation', () => {
  const dev = ENVIRONMENTS.dev;
  const withQuery = (change: Partial<EnvironmentConfig['query']>): EnvironmentConfig => ({
    ...dev,
    query: { ...dev.query, ...change },
  });
  const fieldOf = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      if (error instanceof InfraConfigError) return error.field;
      throw error;
    }
    return 'no error';
  };

  it('refuses a results folder that overlaps an output (or a trigger) of the processed bucket', () => {
    expect(fieldOf(() => validateEnvironment(withQuery({ resultsPrefix: 'etl' })))).toBe(
      'environments.dev.query.resultsPrefix',
    );
    expect(() => validateEnvironment(withQuery({ resultsPrefix: 'etl/curated/results' }))).toThrow(
      /does not overlap pipelines\.etl\.curated processed:etl\/curated\//,
    );
    const triggered: EnvironmentConfig = {
      ...dev,
      pipelines: {
        ...dev.pipelines,
        copy: { ...dev.pipelines.copy, source: { bucket: 'processed', prefix: 'athena-results/in' } },
      },
    };
    expect(() => validateEnvironment(triggered)).toThrow(/pipelines\.copy\.source/);
  });

  it("refuses a cutoff below Athena's 10 MB and a range start that is not a day", () => {
    expect(fieldOf(() => validateEnvironment(withQuery({ bytesScannedCutoffPerQuery: 1_000_000 })))).toBe(
      'environments.dev.query.bytesScannedCutoffPerQuery',
    );
    expect(fieldOf(() => validateEnvironment(withQuery({ partitionsFrom: '2026-02-30' })))).toBe(
      'environments.dev.query.partitionsFrom',
    );
  });
});
