/** `pnpm status`'s work, imported by status-main.ts once the command line asks for it. */
import { catalogSourceUri } from '@pipeline/lambda-kit';
import { writeOut } from '../cli/command.js';
import { EXIT_FAILED, EXIT_OK } from '../cli/exit-codes.js';
import { catalogItems } from '../catalog/catalog-items.js';
import { catalogLocation } from '../catalog/catalog-location.js';
import type { StatusCliOptions } from './status-options.js';
import { renderStatusJson, renderStatusTable } from './status-render.js';

export async function runStatus(options: StatusCliOptions): Promise<number> {
  const location = await catalogLocation(options.env);
  const items = await catalogItems(location.dynamodb, location.tableName, options);
  const report = {
    sourceUri: catalogSourceUri(options.bucket, options.key),
    table: location.tableName,
    items,
  };
  await writeOut(`${options.json ? renderStatusJson(report) : renderStatusTable(report)}\n`);
  return items.length > 0 ? EXIT_OK : EXIT_FAILED;
}
