/** `pnpm reprocess`: see ops-options.ts for the flags and reprocess.ts for what it does. */
import { operationsContext } from './context.js';
import { defaultCursorFile, fileCursor, type CursorScope } from './cursor.js';
import { parseReprocessOptions, REPROCESS_USAGE, type ReprocessOptions } from './ops-options.js';
import { pace } from './pace.js';
import { renderReprocess } from './render.js';
import { keyPrefix, reprocess } from './reprocess.js';
import { progress, runCommand, writeOut } from './run-command.js';

/** Ctrl-C stops between deliveries; a second one stops at once. */
function interruptible(): AbortController {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    progress('stopping after the deliveries in flight (Ctrl-C again to stop at once)');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return controller;
}

async function main(): Promise<number> {
  const options = parseReprocessOptions(process.argv.slice(2));
  if (options === 'help') {
    await writeOut(`${REPROCESS_USAGE}\n`);
    return 0;
  }
  const context = await operationsContext(options.env, options.pipeline);
  const { target } = context;
  const scope: CursorScope = {
    env: target.environment,
    pipeline: target.pipeline,
    bucket: target.source.bucket,
    prefix: keyPrefix(target.source.prefix, options.prefix),
    since: options.since?.toISOString(),
  };
  const cursor = fileCursor(
    options.cursorFile ?? defaultCursorFile(process.env.INIT_CWD ?? process.cwd(), scope),
    scope,
  );
  progress(describe(options, scope, target.functionName, context.where, cursor.file));
  const deliverer = options.dryRun ? undefined : await context.deliverer(options.concurrency);
  let delivered = 0;
  const started = Date.now();
  const ticker = setInterval(
    () =>
      progress(`  delivered ${delivered} (${(delivered / ((Date.now() - started) / 1000)).toFixed(1)}/s)`),
    10_000,
  );
  try {
    const summary = await reprocess({
      s3: context.s3,
      scope: { bucket: scope.bucket, prefix: scope.prefix, since: options.since, region: target.region },
      deliverer,
      pace: pace(options.rate),
      cursor,
      concurrency: options.env === 'local' ? options.concurrency : 1,
      signal: interruptible().signal,
      onDelivered: (key, outcome) => {
        delivered++;
        if (delivered <= 50) progress(`  ${outcome.padEnd(12)} s3://${scope.bucket}/${key}`);
      },
    });
    await writeOut(`${renderReprocess(summary, options.dryRun)}\n`);
    return summary.interrupted ? 130 : 0;
  } finally {
    clearInterval(ticker);
    await deliverer?.close();
  }
}

function describe(
  options: ReprocessOptions,
  scope: CursorScope,
  functionName: string,
  where: string,
  cursorFile: string,
): string {
  const since = options.since === undefined ? '' : ` modified since ${options.since.toISOString()}`;
  return options.dryRun
    ? `listing s3://${scope.bucket}/${scope.prefix}*${since} for ${functionName} on ${where} (dry run: nothing is delivered)`
    : `reprocessing s3://${scope.bucket}/${scope.prefix}*${since} into ${functionName} on ${where}, ${options.rate}/s; cursor ${cursorFile}`;
}

runCommand(main);
