/**
 * Prints the per-function "S3 call -> IAM action" table from the apps' last test runs
 * (`apps/<app>/.s3-calls.json`, written by `pnpm test`), or from the files given.
 *
 *   pnpm --filter @pipeline/testing s3-calls [FILE...]
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readS3CallRows, S3_CALLS_FILE } from './s3-call-files.js';
import { renderS3CallTable } from './s3-call-table.js';
import { workspaceRoot } from './synthesized-function.js';

function defaultFiles(): string[] {
  const apps = join(workspaceRoot(), 'apps');
  return readdirSync(apps)
    .map((app) => join(apps, app, S3_CALLS_FILE))
    .filter((file) => existsSync(file));
}

const given = process.argv.slice(2).map((file) => resolve(file));
const files = given.length > 0 ? given : defaultFiles();
if (files.length === 0) {
  console.error(`No ${S3_CALLS_FILE} found: run the apps' tests first (pnpm test).`);
  process.exit(1);
}
console.log(renderS3CallTable(files.flatMap((file) => readS3CallRows(file))));
