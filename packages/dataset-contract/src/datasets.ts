/**
 * The DATASETS value: `[{ name, prefix, schema?: { columns: [...] }, parse?: {...} }]`, which key
 * prefix belongs to which dataset, and optionally its schema and parse options. infra builds it
 * (serializeDatasets in infra's etl module) and the etl function reads it; both validate with these.
 */
import { parseColumns, type ColumnInput, type ColumnSpec } from './columns.js';
import { DatasetConfigError } from './errors.js';
import { glueTableName } from './glue-types.js';
import { isObject } from './json.js';
import { parseOptions, type ParseOptions } from './parse-options.js';

export interface DatasetSpec {
  readonly name: string;
  /** Folder-style key prefix (ends with `/`) the dataset's uploads arrive under. */
  readonly prefix: string;
  readonly schema?: readonly ColumnSpec[];
  readonly parse: ParseOptions;
}

/** One dataset as declared, before validation (one entry of the DATASETS JSON). */
export interface DatasetInput {
  readonly name: string;
  readonly prefix: string;
  readonly schema?: { readonly columns: readonly ColumnInput[] };
  readonly parse?: Partial<ParseOptions>;
}

const DATASET_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * A dataset name: lower-case letters, digits, `_` and `-`, up to 63 characters.
 *
 * @throws {DatasetConfigError} naming `path`.
 */
export function parseDatasetName(raw: unknown, path: string): string {
  if (typeof raw !== 'string' || !DATASET_NAME.test(raw))
    throw new DatasetConfigError(path, `a dataset name matching ${DATASET_NAME}`, raw);
  return raw;
}

function folder(prefix: string): string {
  return `${prefix.replace(/^\/+/, '').replace(/\/+$/, '')}/`;
}

function parseDataset(raw: unknown, path: string): DatasetSpec {
  if (!isObject(raw)) throw new DatasetConfigError(path, 'a dataset object', raw);
  const name = parseDatasetName(raw.name, `${path}.name`);
  const { prefix } = raw;
  if (typeof prefix !== 'string' || prefix.replace(/^\/+|\/+$/g, '') === '')
    throw new DatasetConfigError(`${path}.prefix`, 'a non-empty key prefix', prefix);
  let schema: readonly ColumnSpec[] | undefined;
  if (raw.schema !== undefined) {
    const columns = isObject(raw.schema) ? raw.schema.columns : undefined;
    schema = parseColumns(columns, `${path}.schema.columns`);
  }
  const parse = parseOptions(raw.parse, `${path}.parse`);
  return Object.freeze({ name, prefix: folder(prefix), ...(schema ? { schema } : {}), parse });
}

/**
 * Validates a DATASETS value already parsed from JSON: a non-empty array of datasets, names and
 * prefixes unique (Glue table names too: `a-b` and `a_b` would share one), no prefix inside another
 * (each upload belongs to exactly one dataset).
 * `root` names the value in messages.
 *
 * @throws {DatasetConfigError} naming the first bad field.
 */
export function validateDatasets(raw: unknown, root = 'DATASETS'): readonly DatasetSpec[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw new DatasetConfigError(root, 'a non-empty array of datasets', raw);
  const datasets = raw.map((entry: unknown, i) => parseDataset(entry, `${root}[${i}]`));
  for (const [i, a] of datasets.entries()) {
    for (const b of datasets.slice(0, i)) {
      if (a.name === b.name)
        throw new DatasetConfigError(`${root}[${i}].name`, 'a dataset name not already declared', a.name);
      if (glueTableName(a.name) === glueTableName(b.name))
        throw new DatasetConfigError(
          `${root}[${i}].name`,
          `a dataset name whose Glue table is not ${JSON.stringify(b.name)}'s`,
          a.name,
        );
      if (a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix))
        throw new DatasetConfigError(
          `${root}[${i}].prefix`,
          `a prefix that does not overlap ${JSON.stringify(b.prefix)}`,
          a.prefix,
        );
    }
  }
  return Object.freeze(datasets);
}

/**
 * Parses and validates the DATASETS JSON (see validateDatasets).
 *
 * @throws {DatasetConfigError} naming the first bad field.
 */
export function parseDatasets(json: string): readonly DatasetSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new DatasetConfigError('DATASETS', 'valid JSON', json.slice(0, 40));
  }
  return validateDatasets(raw);
}

/** The dataset whose prefix holds `key`, if any. */
export function datasetForKey(datasets: readonly DatasetSpec[], key: string): DatasetSpec | undefined {
  return datasets.find((dataset) => key.startsWith(dataset.prefix));
}
