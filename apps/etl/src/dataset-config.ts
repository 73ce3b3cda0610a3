/**
 * Dataset configuration (the DATASETS variable): declared once in @pipeline/dataset-contract,
 * which infra validates with too. What is etl's own is how a file's name picks its delimiter.
 */
import type { ParseOptions } from '@pipeline/dataset-contract';

export {
  DEFAULT_PARSE,
  datasetForKey,
  parseDatasets,
  type ColumnSpec,
  type ColumnType,
  type DatasetSpec,
  type Encoding,
  type ParseOptions,
} from '@pipeline/dataset-contract';

/** The parse options of one file: its dataset's, with the delimiter decided by its name. */
export type Dialect = Required<ParseOptions>;

/** True when a key names a tab-separated file (`.tsv`, `.tsv.gz`). */
function isTsvKey(key: string): boolean {
  return /\.tsv(\.gz)?$/i.test(key);
}

/** The dialect of the file at `key`: a dataset without a delimiter reads `.tsv` files with tabs. */
export function dialectFor(parse: ParseOptions, key: string): Dialect {
  return { ...parse, delimiter: parse.delimiter ?? (isTsvKey(key) ? '\t' : ',') };
}
