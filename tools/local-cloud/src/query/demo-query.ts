/**
 * The query `pnpm start` runs after the demo set, over the curated demo data, as `pnpm query` would
 * (DuckDB over the emulator's Glue tables and Parquet): its row count is the rows etl wrote.
 */
import { GlueClient } from '@aws-sdk/client-glue';
import type { LocalCloud } from '../deploy/deploy-local.js';
import { runLocalQuery } from './duckdb-engine.js';
import type { QueryResult } from './query-result.js';

/** Valid in DuckDB and in Athena alike (FILTER is Trino's too). */
const DEMO_QUERY =
  'SELECT count(*) AS orders, count(*) FILTER (WHERE shipped) AS shipped, sum(amount) AS amount, min(ingest_date) AS ingest_date FROM orders';

/** Runs DEMO_QUERY on the local cloud with the runner's own identity. */
export async function runDemoQuery(cloud: LocalCloud): Promise<QueryResult> {
  const glue = new GlueClient({
    endpoint: cloud.emulator.endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(cloud.roles.runner === undefined ? {} : { credentials: cloud.roles.runner }),
  });
  try {
    return await runLocalQuery(DEMO_QUERY, {
      glue,
      s3: cloud.clients.s3,
      database: cloud.query.glue_database,
    });
  } finally {
    glue.destroy();
  }
}
