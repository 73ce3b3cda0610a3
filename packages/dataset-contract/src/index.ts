export { COLUMN_TYPES, parseColumns, type ColumnInput, type ColumnSpec, type ColumnType } from './columns.js';
export {
  datasetForKey,
  parseDatasetName,
  parseDatasets,
  validateDatasets,
  type DatasetInput,
  type DatasetSpec,
} from './datasets.js';
export { DatasetConfigError } from './errors.js';
export { DEFAULT_PARSE, ENCODINGS, parseOptions, type Encoding, type ParseOptions } from './parse-options.js';
export {
  columnTypeOfGlue,
  curatedTableInput,
  glueTableName,
  glueTypeOf,
  INGEST_DATE_PARTITION,
  type ColumnTypeSpec,
  type CuratedTableInput,
  type CuratedTableSpec,
} from './glue-types.js';
