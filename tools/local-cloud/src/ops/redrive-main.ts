/**
 * `pnpm redrive`'s entry: reads the command line with light imports only (ops-options.ts), answers
 * `--help` and usage errors at once, and imports the rest (redrive-command.ts: infra, the SDK) only
 * when there is work to do.
 */
import { runCommand, writeOut } from '../cli/command.js';
import { EXIT_OK } from '../cli/exit-codes.js';
import { parseRedriveOptions, REDRIVE_USAGE } from './ops-options.js';

runCommand(async () => {
  const options = parseRedriveOptions(process.argv.slice(2));
  if (options === 'help') {
    await writeOut(`${REDRIVE_USAGE}\n`);
    return EXIT_OK;
  }
  const { runRedrive } = await import('./redrive-command.js');
  return runRedrive(options);
});
