/**
 * The first quarantined rows of an etl input, read from the quarantine file etl wrote
 * (apps/etl/src/quarantine.ts: RFC 4180 CSV, `line,reason,column,message,record`). Only the start
 * of the file is fetched (a ranged GET); a record cut at the end of that range is dropped.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface QuarantinedRow {
  readonly line: string;
  readonly reason: string;
  readonly column: string;
  readonly message: string;
  readonly record: string;
}

const COLUMNS = ['line', 'reason', 'column', 'message', 'record'] as const;

/** Complete CSV records of `text` (fields unquoted); a record still open at the end is left out. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n') {
      records.push([...fields, field.endsWith('\r') ? field.slice(0, -1) : field]);
      fields = [];
      field = '';
    } else field += c;
  }
  return records;
}

/** Rows of a quarantine file's text (its header skipped), at most `limit`, records cut to `recordChars`. */
export function quarantinedRows(text: string, limit: number, recordChars: number): QuarantinedRow[] {
  const [header, ...rows] = csvRecords(text);
  if (header === undefined || header.join(',') !== COLUMNS.join(',')) return [];
  return rows.slice(0, limit).map(([line = '', reason = '', column = '', message = '', record = '']) => ({
    line,
    reason,
    column,
    message,
    record: record.length > recordChars ? `${record.slice(0, recordChars)}…` : record,
  }));
}

/** The first `limit` rows of the quarantine file at `bucket`/`key`, reading at most `readBytes`. */
export async function readQuarantineHead(
  s3: S3Client,
  bucket: string,
  key: string,
  options: { readonly limit: number; readonly readBytes: number; readonly recordChars: number },
): Promise<QuarantinedRow[]> {
  const answer = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${options.readBytes - 1}` }),
  );
  const text = (await answer.Body?.transformToString('utf8')) ?? '';
  return quarantinedRows(text, options.limit, options.recordChars);
}
