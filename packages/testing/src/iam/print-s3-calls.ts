/**
 * Prints the per-function "S3 call -> IAM action" table from the apps' last test runs
 * (`apps/<app>/.s3-calls.json`, written by `pnpm test`), or from the files given; with `--write`,
 * writes the stable table into infra/README.md (between its s3-calls markers) instead.
 *
 *   pnpm --filter @pipeline/testing s3-calls [--write] [FILE...]
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { join, resolve } from 'node:path';
import { findWorkspaceRoot } from '@pipeline/lambda-packager/workspace-root';
import { readS3CallRows, S3_CALLS_FILE } from './s3-call-files.js';
import { s3CallDocsPath, writeS3CallDocs } from './s3-call-docs.js';
import { renderS3CallTable } from './s3-call-table.js';

function defaultFiles(): string[] {
  const apps = join(findWorkspaceRoot(), 'apps');
  return readdirSync(apps)
    .map((app) => join(apps, app, S3_CALLS_FILE))
    .filter((file) => existsSync(file));
}

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const write = args.includes('--write');
const given = args.filter((arg) => arg !== '--write').map((file) => resolve(file));
const files = given.length > 0 ? given : defaultFiles();
if (files.length === 0) {
  console.error(`No ${S3_CALLS_FILE} found: run the apps' tests first (pnpm test).`);
  process.exit(1);
}
const rows = files.flatMap((file) => readS3CallRows(file));
if (write) {
  const path = s3CallDocsPath();
  writeS3CallDocs(rows, path);
  // The repository's formatting, so `pnpm format:check` stays green.
  const options = { ...(await prettier.resolveConfig(path)), filepath: path };
  writeFileSync(path, await prettier.format(readFileSync(path, 'utf8'), options));
  console.log(`wrote ${rows.length} row(s) from ${files.length} file(s) into ${path}`);
} else console.log(renderS3CallTable(rows));
