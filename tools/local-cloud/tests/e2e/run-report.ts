/** `pnpm start --json`'s report as the end-to-end test reads it, and reading what a run wrote. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { OutcomeKind } from '@pipeline/lambda-kit';
import type { CostSection } from './cost-recompute.js';

export interface Row {
  input: string;
  key: string;
  pipeline: string;
  outcome: OutcomeKind | 'missing';
  detail: string;
  outputs: { bucket: string; key: string; bytes: number }[];
  deliveries: number;
  problems: { check: string; detail: string }[];
  /** The outcome record's counts (etl: rowsRead, rowsWritten, rowsRejected). */
  measures?: Record<string, number>;
  /** The input's object catalog item, as the report summarizes it. */
  catalog?: { kind: string; versionId?: string; outputCount: number; writeUnits: number };
}
interface Delivery {
  key: string;
  pipeline: string;
  outcome: OutcomeKind;
  cause: 'upload' | 'duplicate' | 'reupload' | 'remove' | 'restore';
  attempts: number;
}
export interface Report {
  inputs: Row[];
  deliveries: Delivery[];
  totals: { inputs: Record<string, number>; deliveries: Record<string, number>; problems: number };
  figures: {
    environmentsReplaced: number;
    coldStarts: Record<string, number>;
    invocations: number;
    reuploads: number;
  };
  cost?: CostSection;
  /** The demo query over the curated data, after the demo set. */
  demoQuery?: { sql: string; rows: Record<string, unknown>[]; rowCount: number };
}

export function rowsFor(report: Report, fileName: string): Row[] {
  return report.inputs.filter((r) => r.key.endsWith(fileName));
}

export async function parquetRowCount(file: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM read_parquet('${file.replace(/'/g, "''")}')`,
  );
  return Number(reader.getRowObjects()[0]?.n);
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
