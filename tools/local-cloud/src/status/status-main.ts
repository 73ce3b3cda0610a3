/**
 * `pnpm status`'s entry: reads the command line with light imports only (status-options.ts), answers
 * `--help` and usage errors at once, and imports the rest (status-command.ts: infra, the SDK) only
 * when there is work to do.
 */
import { runCommand, writeOut } from '../cli/command.js';
import { EXIT_OK } from '../cli/exit-codes.js';
import { parseStatusOptions, STATUS_USAGE } from './status-options.js';

runCommand(async () => {
  const options = parseStatusOptions(process.argv.slice(2));
  if (options === 'help') {
    await writeOut(`${STATUS_USAGE}\n`);
    return EXIT_OK;
  }
  const { runStatus } = await import('./status-command.js');
  return runStatus(options);
});
