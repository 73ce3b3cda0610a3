/**
 * `pnpm smoke`'s entry: reads the command line with light imports only (smoke-options.ts), answers
 * `--help` and usage errors at once, and imports the rest (smoke-command.ts: infra, the SDK) only
 * when there is work to do.
 */
import { runCommand, writeOut } from '../cli/command.js';
import { EXIT_OK } from '../cli/exit-codes.js';
import { parseSmokeOptions, SMOKE_USAGE } from './smoke-options.js';

runCommand(async () => {
  const options = parseSmokeOptions(process.argv.slice(2));
  if (options === 'help') {
    await writeOut(`${SMOKE_USAGE}\n`);
    return EXIT_OK;
  }
  const { runSmokeCommand } = await import('./smoke-command.js');
  return runSmokeCommand(options);
});
