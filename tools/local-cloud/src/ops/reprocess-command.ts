/** `pnpm reprocess`'s work, loaded by reprocess-main.ts once its options are read (ops-options.ts); reprocess.ts says what it does. */
import { onInterrupt, progress, writeOut } from '../cli/command.js';
import { EXIT_INTERRUPTED, exitCodeOf } from '../cli/exit-codes.js';
import { orCouldNotStart } from '../cli/start-errors.js';
import { operationsContext } from './context.js';
import { defaultCursorFile, fileCursor, type CursorScope } from './cursor.js';
import type { ReprocessOptions } from './ops-options.js';
import { pace } from './pace.js';
import { renderReprocess } from './render.js';
import { failedDeliveries, keyPrefix, reprocess } from './reprocess.js';

/** Runs `pnpm reprocess`; resolves to its exit code (exit-codes.ts). */
export async function runReprocess(options: ReprocessOptions): Promise<number> {
  const context = await orCouldNotStart(() => operationsContext(options.env, options.pipeline));
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
  // Ctrl-C stops between deliveries: the summary is printed, the cursor kept, and the exit code is 130.
  // Taken over before the first line, so a Ctrl-C right after it is handled the same way.
  const stopping = new AbortController();
  const forget = onInterrupt(() => stopping.abort(), { finish: true });
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
      signal: stopping.signal,
      onDelivered: (key, outcome) => {
        delivered++;
        if (delivered <= 50) progress(`  ${outcome.padEnd(12)} s3://${scope.bucket}/${key}`);
      },
    });
    await writeOut(
      options.json
        ? `${JSON.stringify({ dryRun: options.dryRun, ...summary }, null, 2)}\n`
        : `${renderReprocess(summary, options.dryRun)}\n`,
    );
    return summary.interrupted ? EXIT_INTERRUPTED : exitCodeOf(failedDeliveries(summary) > 0);
  } finally {
    forget();
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
