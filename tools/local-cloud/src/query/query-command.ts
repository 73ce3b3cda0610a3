/** `pnpm query`'s work, imported by query-main.ts once the command line holds a query. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { progress, writeOut } from '../cli/command.js';
import { EXIT_FAILED, EXIT_OK } from '../cli/exit-codes.js';
import { runAthenaQuery } from './athena-engine.js';
import { checkNamedDatasets } from './dataset-check.js';
import { runLocalQuery } from './duckdb-engine.js';
import { QueryError } from './query-errors.js';
import type { QueryCliOptions } from './query-options.js';
import { renderResult, resultJson, type QueryResult } from './query-result.js';
import { queryTarget, type QueryTarget } from './query-target.js';

/** Runs `sql` where `target` says, with clients from the environment (an emulator at AWS_ENDPOINT_URL for local). */
async function runQuery(sql: string, target: QueryTarget): Promise<QueryResult> {
  if (target.engine === 'athena') {
    progress(
      `running in Athena (workgroup ${target.workgroup}, database ${target.database}, ${target.region})`,
    );
    await checkNamedDatasets(sql, new GlueClient({ region: target.region }), target.database);
    return runAthenaQuery(new AthenaClient({ region: target.region }), sql, target);
  }
  const common = { endpoint: target.endpoint, region: process.env.AWS_REGION ?? 'us-east-1' };
  progress(`running in DuckDB over the Glue database ${target.database} at ${target.endpoint}`);
  return runLocalQuery(sql, {
    glue: new GlueClient(common),
    s3: new S3Client({ ...common, forcePathStyle: true }),
    database: target.database,
  });
}

/**
 * Answers the query at `target` and prints it: its exit code, 1 with the engine's own error on stderr
 * when the engine refused or failed it. A table that is no dataset throws a UsageError (exit 2).
 */
export async function answerQuery(options: QueryCliOptions, target: QueryTarget): Promise<number> {
  try {
    const result = await runQuery(options.sql, target);
    await writeOut(`${options.json ? resultJson(result) : renderResult(result)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    progress(error.message);
    return EXIT_FAILED;
  }
}

export async function runQueryCommand(options: QueryCliOptions): Promise<number> {
  return answerQuery(options, await queryTarget(options.env));
}
