/**
 * The runner's machinery for one run: the functions' front door (counting their S3 requests and
 * injecting faults), their warm environments, and the event delivery; the same serve a batch run
 * (run-inputs.ts) and `--watch`.
 */
import { CALM, type Chaos } from './chaos.js';
import type { LocalCloud } from '../deploy/deploy-local.js';
import { EventDelivery, type DeliveryResult } from './event-delivery.js';
import { openFrontDoor, type FrontDoor } from './front-door.js';
import { FunctionRuntime, type InvocationListener, type RoleCredentialsHook } from './function-runtime.js';
import type { NewObject } from './object-watcher.js';
import { cloudWatchObserver } from './observe-outcome.js';
import type { ProgressSink } from './progress.js';

export interface RunOptions {
  /** Give up on inputs without an outcome after this long. */
  readonly timeoutMs: number;
  /** One-off lines (what is being done). */
  readonly progress: (line: string) => void;
  /** Where the progress line goes; absent: none. */
  readonly progressSink?: ProgressSink;
  /** No progress line, no line per event (pnpm start sets neither: its progress is on stderr, --json or not). */
  readonly quiet?: boolean;
  /** Keys containing this marker find S3 unreachable from the functions (`--inject-fault`). */
  readonly injectFault?: string;
  readonly chaos?: Chaos;
  readonly retryDelayMs?: number;
  /** Invocations at once, and the most environments any function gets. @default 4 */
  readonly concurrency?: number;
  /** The execution-role hook (see function-runtime.ts). @default the deployed roles (`cloud.roles`) */
  readonly roleCredentials?: RoleCredentialsHook;
  /** Told of every invocation as it ends (see function-runtime.ts). */
  readonly onInvocation?: InvocationListener;
}

/** The runner's machinery for one run: the functions' front door, their environments, the delivery. */
export interface Delivering {
  readonly delivery: EventDelivery;
  readonly runtime: FunctionRuntime | undefined;
  readonly frontDoor: FrontDoor | undefined;
  close(): Promise<void>;
}

/** Opens the front door, the functions' environments and the delivery; the same serve a batch run and `--watch`. */
export async function startDelivering(
  cloud: LocalCloud,
  options: RunOptions,
  hooks: { onResult?: (r: DeliveryResult) => void; onReupload?: (object: NewObject) => void } = {},
): Promise<Delivering> {
  const concurrency = options.concurrency ?? 4;
  const frontDoor = cloud.runsFunctions
    ? undefined
    : await openFrontDoor({
        target: cloud.emulator.endpoint,
        unreachableMarker: options.injectFault,
        callers: [...cloud.deployment.functions.values()].map((fn) => fn.fn.name),
      });
  const runtime =
    frontDoor === undefined
      ? undefined
      : new FunctionRuntime(cloud.deployment, {
          endpoint: (name) => frontDoor.endpointOf(name),
          concurrency,
          roleCredentials: options.roleCredentials ?? cloud.roles.hook,
          onInvocation: options.onInvocation,
        });
  const delivery = new EventDelivery({
    deployment: cloud.deployment,
    sqs: cloud.clients.sqs,
    concurrency,
    retryDelayMs: options.retryDelayMs ?? 200,
    runtime,
    rules: options.chaos ?? CALM,
    frontDoor,
    onResult: hooks.onResult,
    onReupload: hooks.onReupload,
    observer: cloud.runsFunctions
      ? {
          outcomes: cloudWatchObserver(cloud.clients.logs, cloud.clients.sqs, Date.now()),
          timeoutMs: options.timeoutMs || 300_000,
        }
      : undefined,
  });
  return {
    delivery,
    runtime,
    frontDoor,
    async close() {
      await runtime?.close();
      await frontDoor?.close();
    },
  };
}
