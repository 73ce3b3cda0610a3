/** `pnpm redrive`'s work, loaded by redrive-main.ts once its options are read (ops-options.ts); redrive.ts says what it does. */
import { onInterrupt, progress, writeOut } from '../cli/command.js';
import { exitCodeOf } from '../cli/exit-codes.js';
import { orCouldNotStart } from '../cli/start-errors.js';
import { failureQueueUrl, operationsContext } from './context.js';
import type { FunctionInvoker } from './invoker.js';
import type { RedriveOptions } from './ops-options.js';
import { redrive } from './redrive.js';
import { renderRedrive } from './render.js';

/** A dry run invokes nothing. */
const NO_INVOKER: FunctionInvoker = {
  invoke: () => Promise.reject(new Error('a dry run invokes nothing')),
  close: async () => undefined,
};

/** Runs `pnpm redrive`; resolves to its exit code (exit-codes.ts). */
export async function runRedrive(options: RedriveOptions): Promise<number> {
  const context = await orCouldNotStart(() =>
    operationsContext(options.env, options.pipeline, { injectFault: options.injectFault }),
  );
  const { target } = context;
  const queueUrl = await failureQueueUrl(context);
  progress(
    `${options.dryRun ? 'listing' : 'redriving'} ${target.failureQueueName} into ${target.functionName} on ${context.where}`,
  );
  const invoker = options.dryRun ? NO_INVOKER : await context.invoker();
  // Ctrl-C stops after the message in hand: the table is printed, the rest stays queued, and the exit code is 130.
  const stopping = new AbortController();
  const forget = onInterrupt(() => stopping.abort(), { finish: true });
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
      signal: stopping.signal,
    });
    await writeOut(
      options.json
        ? `${JSON.stringify({ dryRun: options.dryRun, rows }, null, 2)}\n`
        : `${renderRedrive(rows, options.dryRun)}\n`,
    );
    return exitCodeOf(rows.some((r) => r.result === 'failed again' || r.result === 'unreadable'));
  } finally {
    forget();
    await invoker.close();
  }
}
