/**
 * `pnpm query`'s entry: reads the command line with light imports only (query-options.ts), answers
 * `--help` and usage errors at once, and imports the rest (query-command.ts: DuckDB, the SDK, infra)
 * only when there is a query to run.
 */
import { runCommand, writeOut } from '../cli/command.js';
import { EXIT_OK } from '../cli/exit-codes.js';
import { parseQueryOptions, QUERY_USAGE } from './query-options.js';

runCommand(async () => {
  const options = parseQueryOptions(process.argv.slice(2));
  if (options === 'help') {
    await writeOut(`${QUERY_USAGE}\n`);
    return EXIT_OK;
  }
  const { runQueryCommand } = await import('./query-command.js');
  return runQueryCommand(options);
});
