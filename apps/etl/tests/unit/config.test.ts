import { ConfigError } from '@pipeline/lambda-kit';
import { thrownBy } from '@pipeline/testing';
import { defaultDuckDbThreads, loadConfig } from '../../src/config.js';
import { datasetForKey, parseDatasets } from '../../src/dataset-config.js';
import { DatasetConfigError } from '../../src/errors.js';

const DATASETS = JSON.stringify([
  {
    name: 'sales',
    prefix: 'raw/sales',
    schema: {
      columns: [
        { name: 'id', type: 'int', required: true },
        { name: 'p', type: 'decimal', scale: 2 },
      ],
    },
  },
]);

describe('loadConfig', () => {
  it('reads every variable with its default and freezes the result', () => {
    const config = loadConfig({ DESTINATION_BUCKET: 'curated-bucket', DATASETS });
    expect(config).toMatchObject({
      destinationBucket: 'curated-bucket',
      sourcePrefix: '',
      curatedPrefix: 'curated/',
      rejectedPrefix: 'rejected/',
      rowGroupRows: 50_000,
    });
    expect(config.datasets[0]).toMatchObject({
      name: 'sales',
      prefix: 'raw/sales/',
      parse: { quote: '"', escape: '"', header: true, nullMarkers: [''], encoding: 'utf-8' },
    });
    expect(config.datasets[0]?.schema?.[1]).toEqual({
      name: 'p',
      type: 'decimal',
      required: false,
      precision: 18,
      scale: 2,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ DATASETS }, 'DESTINATION_BUCKET'],
    [{ DESTINATION_BUCKET: 'dest-bucket' }, 'DATASETS'],
    [{ DESTINATION_BUCKET: 'dest-bucket', DATASETS: '{nope' }, 'DATASETS'],
    [{ DESTINATION_BUCKET: 'dest-bucket', DATASETS, ROW_GROUP_ROWS: '0' }, 'ROW_GROUP_ROWS'],
    [
      { DESTINATION_BUCKET: 'dest-bucket', DATASETS: JSON.stringify([{ name: 'c', prefix: 'curated/in' }]) },
      'DATASETS',
    ],
  ])('names the bad variable (%j -> %s)', (env, variable) => {
    expect(thrownBy(Error, () => loadConfig(env))).toMatchObject({
      name: 'ConfigError',
      variable,
      message: expect.stringMatching(new RegExp(`^Expected .+ for ${variable}.* but received `)),
    });
    expect(thrownBy(Error, () => loadConfig(env))).toBeInstanceOf(ConfigError);
  });

  it('gives DuckDB the vCPUs of the Lambda memory size, and 96 MB of cap a thread (at least 128)', () => {
    const lambda = (mb: number) =>
      loadConfig({
        DESTINATION_BUCKET: 'dest-bucket',
        DATASETS,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(mb),
      });
    expect(defaultDuckDbThreads({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024' }, 2)).toBe(1);
    expect(defaultDuckDbThreads({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '3584' }, 2)).toBe(2);
    expect(defaultDuckDbThreads({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '10240' }, 6)).toBe(6);
    expect(defaultDuckDbThreads({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '10240' }, 2)).toBe(2);
    expect(defaultDuckDbThreads({}, 16)).toBe(2);
    expect(defaultDuckDbThreads({}, 1)).toBe(1);
    expect(lambda(1024)).toMatchObject({ duckdbThreads: 1, duckdbMemoryMb: 128 });
    const overridden = loadConfig({
      DESTINATION_BUCKET: 'dest-bucket',
      DATASETS,
      DUCKDB_THREADS: '4',
    });
    expect(overridden).toMatchObject({ duckdbThreads: 4, duckdbMemoryMb: 384 });
  });
});

describe('parseDatasets', () => {
  it.each([
    ['[]', 'DATASETS'],
    ['[{"name":"Bad Name","prefix":"raw/a"}]', 'DATASETS[0].name'],
    ['[{"name":"a","prefix":""}]', 'DATASETS[0].prefix'],
    [
      '[{"name":"a","prefix":"raw/a","schema":{"columns":[{"name":"x","type":"uuid"}]}}]',
      'DATASETS[0].schema.columns[0].type',
    ],
    [
      '[{"name":"a","prefix":"raw/a","schema":{"columns":[{"name":"x","type":"decimal"}]}}]',
      'DATASETS[0].schema.columns[0].scale',
    ],
    [
      '[{"name":"a","prefix":"raw/a","schema":{"columns":[{"name":"x","type":"decimal","precision":19,"scale":2}]}}]',
      'DATASETS[0].schema.columns[0].precision',
    ],
    [
      '[{"name":"a","prefix":"raw/a","schema":{"columns":[{"name":"x","type":"int"},{"name":"x","type":"int"}]}}]',
      'DATASETS[0].schema.columns[1].name',
    ],
    ['[{"name":"a","prefix":"raw/a","parse":{"delimiter":";;"}}]', 'DATASETS[0].parse.delimiter'],
    ['[{"name":"a","prefix":"raw/a","parse":{"delimiter":"§"}}]', 'DATASETS[0].parse.delimiter'],
    ['[{"name":"a","prefix":"raw/a"},{"name":"b","prefix":"raw/a/b"}]', 'DATASETS[1].prefix'],
    ['[{"name":"a","prefix":"raw/a"},{"name":"a","prefix":"raw/b"}]', 'DATASETS[1].name'],
  ])('rejects %s at %s', (json, path) => {
    const error = thrownBy(Error, () => parseDatasets(json));
    expect(error).toBeInstanceOf(DatasetConfigError);
    expect(error).toMatchObject({ path, message: expect.stringMatching(/^Expected .+ for /) });
  });

  it('routes a key to the dataset whose folder holds it, not a sibling with the same start', () => {
    const datasets = parseDatasets('[{"name":"a","prefix":"raw/a"},{"name":"ab","prefix":"raw/ab"}]');
    expect(datasetForKey(datasets, 'raw/ab/x.csv')?.name).toBe('ab');
    expect(datasetForKey(datasets, 'raw/a/x.csv')?.name).toBe('a');
    expect(datasetForKey(datasets, 'raw/c/x.csv')).toBeUndefined();
  });
});
