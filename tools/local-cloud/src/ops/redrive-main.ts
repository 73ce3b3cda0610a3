/** `pnpm redrive`: see ops-options.ts for the flags and redrive.ts for what it does. */
import { failureQueueUrl, operationsContext } from './context.js';
import type { FunctionInvoker } from './invoker.js';
import { parseRedriveOptions, REDRIVE_USAGE } from './ops-options.js';
import { redrive } from './redrive.js';
import { renderRedrive } from './render.js';
import { progress, runCommand, writeOut } from './run-command.js';

/** A dry run invokes nothing. */
const NO_INVOKER: FunctionInvoker = {
  invoke: () => Promise.reject(new Error('a dry run invokes nothing')),
  close: async () => undefined,
};

async function main(): Promise<number> {
  const options = parseRedriveOptions(process.argv.slice(2));
  if (options === 'help') {
    await writeOut(`${REDRIVE_USAGE}\n`);
    return 0;
  }
  const context = await operationsContext(options.env, options.pipeline, {
    injectFault: options.injectFault,
  });
  const { target } = context;
  const queueUrl = await failureQueueUrl(context);
  progress(
    `${options.dryRun ? 'listing' : 'redriving'} ${target.failureQueueName} into ${target.functionName} on ${context.where}`,
  );
  const invoker = options.dryRun ? NO_INVOKER : await context.invoker();
  try {
    const rows = await redrive({
      sqs: context.sqs,
      queueUrl,
      invoker,
      dryRun: options.dryRun,
      max: options.max,
      // Hidden from other readers while its invocation may still run.
      visibilitySeconds: target.timeoutSeconds + 60,
      onRow: (row) => progress(`  ${row.result.padEnd(13)} ${row.inputs}`),
    });
    await writeOut(`${renderRedrive(rows, options.dryRun)}\n`);
    return rows.some((r) => r.result === 'failed again' || r.result === 'unreadable') ? 1 : 0;
  } finally {
    await invoker.close();
  }
}

runCommand(main);
