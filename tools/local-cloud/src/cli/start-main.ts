/**
 * `pnpm start`'s entry: reads the command line with light imports only (cli-options.ts), answers
 * `--help` and usage errors at once, and imports the local cloud (start-command.ts: infra, the SDK, sharp)
 * only when there is work to do (after the build, when the root script asks for one: build-first.ts).
 */
import { buildWhenAsked } from './build-first.js';
import { parseCliOptions, USAGE } from './cli-options.js';
import { runCommand, writeOut } from './command.js';
import { EXIT_OK } from './exit-codes.js';

runCommand(async () => {
  const options = parseCliOptions(process.argv.slice(2));
  if (options === 'help') {
    await writeOut(`${USAGE}\n`);
    return EXIT_OK;
  }
  buildWhenAsked();
  const { runLocalCloud } = await import('./start-command.js');
  return runLocalCloud(options);
});
