import { DatasetConfigError, parseColumns, parseDatasets, validateDatasets } from '../src/index.js';

function thrown(run: () => unknown): DatasetConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof DatasetConfigError) return error;
    throw error;
  }
  throw new Error('expected a DatasetConfigError');
}

describe('the dataset contract', () => {
  it('resolves required (default false) and a decimal precision (default 18)', () => {
    expect(parseColumns([{ name: 'p', type: 'decimal', scale: 2 }], 'columns')).toEqual([
      { name: 'p', type: 'decimal', required: false, precision: 18, scale: 2 },
    ]);
  });

  it('names the field and the value in one message shape', () => {
    const error = thrown(() => parseColumns([{ name: 'x', type: 'uuid' }], 'datasets[0].columns'));
    expect(error).toMatchObject({ path: 'datasets[0].columns[0].type', code: 'DATASET_CONFIG_INVALID' });
    expect(error.message).toBe(
      'Expected one of string, int, float, bool, date, timestamp, decimal for datasets[0].columns[0].type but received "uuid"',
    );
  });

  it('validates a parsed value under the root it is given, as the JSON text under DATASETS', () => {
    expect(thrown(() => validateDatasets([], 'etl.datasets')).path).toBe('etl.datasets');
    expect(thrown(() => parseDatasets('[{"name":"a","prefix":"raw/a","schema":{}}]')).path).toBe(
      'DATASETS[0].schema.columns',
    );
  });
});
