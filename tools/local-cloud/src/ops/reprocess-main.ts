/**
 * `pnpm reprocess`'s entry: reads the command line with light imports only (ops-options.ts), answers
 * `--help` and usage errors at once, and imports the rest (reprocess-command.ts: infra, the SDK) only
 * when there is work to do.
 */
import { runCommand, writeOut } from '../cli/command.js';
import { EXIT_OK } from '../cli/exit-codes.js';
import { parseReprocessOptions, REPROCESS_USAGE } from './ops-options.js';

runCommand(async () => {
  const options = parseReprocessOptions(process.argv.slice(2));
  if (options === 'help') {
    await writeOut(`${REPROCESS_USAGE}\n`);
    return EXIT_OK;
  }
  const { runReprocess } = await import('./reprocess-command.js');
  return runReprocess(options);
});
