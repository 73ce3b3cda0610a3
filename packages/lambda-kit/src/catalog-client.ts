/**
 * The object catalog's client and table, read once per container with the other clients (so the
 * tracer captures it and the connection is reused).
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { CATALOG_TABLE_VARIABLE } from './catalog-item.js';
import { maybeString, type Env } from './env.js';

/** The catalog a function writes: its table and client. */
export interface Catalog {
  readonly table: string;
  readonly client: DynamoDBClient;
}

/**
 * The catalog of `CATALOG_TABLE` (infra sets it on every function), with the endpoint override
 * `AWS_ENDPOINT_URL_DYNAMODB`, else `AWS_ENDPOINT_URL` (the SDK's precedence). Unset: no catalog
 * (a handler built in a test without a table), and the outcomes say nothing of one.
 *
 * @example const catalog = catalogFromEnv(process.env); // definePipeline does this at cold start
 */
export function catalogFromEnv(env: Env, overrides: DynamoDBClientConfig = {}): Catalog | undefined {
  const table = maybeString(CATALOG_TABLE_VARIABLE, env);
  if (table === undefined) return undefined;
  const endpoint = env['AWS_ENDPOINT_URL_DYNAMODB'] || env['AWS_ENDPOINT_URL'] || undefined;
  return {
    table,
    client: new DynamoDBClient({ ...(endpoint === undefined ? {} : { endpoint }), ...overrides }),
  };
}
