/** Command-line entry of the reviewed-plan check (see cli.ts); `pnpm --filter @pipeline/infra reviewed-plan ...`. */
import { runCli } from './cli.js';

process.exitCode = runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
