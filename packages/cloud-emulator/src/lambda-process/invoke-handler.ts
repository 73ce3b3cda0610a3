import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { runtimeEntryPath } from './runtime-entry.js';

/**
 * Runs a Lambda handler from its unpacked deployment package in a fresh Node process, as Lambda's
 * Node.js runtime would: the artifact tests and the local cloud both invoke through here, so what
 * ships is what runs.
 */

/** What the deployed function is: its unpacked code and its deployed configuration. */
export interface DeployedFunction {
  readonly name: string;
  readonly arn: string;
  readonly handler: string;
  readonly codeDir: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly region: string;
}

interface InvocationFacts {
  readonly requestId: string;
  /** Every line the function wrote to stdout and stderr (its logs). */
  readonly logs: readonly string[];
  readonly durationMs: number;
  /** How long requiring the handler module took (the cold start's share), when it got that far. */
  readonly requireMs?: number;
  /** Paths of the native addons (`.node`) the process had loaded when the handler returned. */
  readonly nativeModules?: readonly string[];
}

export type InvocationResult =
  | (InvocationFacts & { readonly ok: true; readonly result: unknown })
  | (InvocationFacts & {
      readonly ok: false;
      readonly errorType: string;
      readonly errorMessage: string;
      readonly stackTrace: readonly string[];
      /** The thrown error's `code`, when it has one. */
      readonly errorCode?: string;
      /** For an error carrying per-record `failures` (lambda-kit's BatchError): each record's code. */
      readonly failureCodes?: readonly (string | undefined)[];
    });

/** The credentials a function's SDK clients sign with (Lambda gives each the role's temporary ones). */
export interface FunctionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface InvokeOptions {
  /** The emulator every SDK client in the function talks to. */
  readonly endpoint: string;
  /** @default the caller's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else `test` */
  readonly credentials?: FunctionCredentials;
  /** Overrides for this invocation's environment (fault injection). */
  readonly environmentOverrides?: Readonly<Record<string, string>>;
}

/**
 * The environment Lambda gives the function's process: its deployed variables over the runtime's
 * reserved ones, the emulator endpoint, and the credentials (the execution role's, on Lambda).
 */
export function lambdaEnvironment(
  fn: DeployedFunction,
  endpoint: string,
  credentials?: FunctionCredentials,
): Record<string, string> {
  const signer = credentials ?? {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    sessionToken: process.env.AWS_SESSION_TOKEN,
  };
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    TZ: 'UTC',
    LANG: 'en_US.UTF-8',
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_ACCESS_KEY_ID: signer.accessKeyId,
    AWS_SECRET_ACCESS_KEY: signer.secretAccessKey,
    ...(signer.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: signer.sessionToken }),
    AWS_ENDPOINT_URL: endpoint,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    LAMBDA_TASK_ROOT: fn.codeDir,
    ...fn.environment,
  };
}

/** Lambda leaves some memory to the runtime; a heap of ~85% of the function's memory approximates that. */
export function heapLimitMb(fn: Pick<DeployedFunction, 'memoryMb'>): number {
  return Math.max(64, Math.floor(fn.memoryMb * 0.85));
}

/**
 * Invokes the function once, as Lambda's Node.js runtime would: a fresh Node process with the
 * deployed environment, its memory as the heap limit and its timeout enforced by a kill.
 */
export async function invokeFunction(
  fn: DeployedFunction,
  event: unknown,
  options: InvokeOptions,
): Promise<InvocationResult> {
  const requestId = randomUUID();
  const started = Date.now();
  const env: Record<string, string> = {
    ...lambdaEnvironment(fn, options.endpoint, options.credentials),
    ...options.environmentOverrides,
    LOCAL_CLOUD_INVOCATION: JSON.stringify({
      event,
      requestId,
      functionArn: fn.arn,
      memoryMb: fn.memoryMb,
      timeoutMs: fn.timeoutSeconds * 1000,
    }),
  };
  const heapMb = heapLimitMb(fn);
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, '--enable-source-maps', runtimeEntryPath(), fn.codeDir, fn.handler],
    {
      cwd: fn.codeDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    },
  );
  const logs: string[] = [];
  const collect = (chunk: Buffer): void => {
    logs.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let report = '';
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => (report += chunk.toString('utf8')));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, fn.timeoutSeconds * 1000);
  const exitCode = await new Promise<number | null>((resolve) =>
    child.once('close', (code) => resolve(code)),
  );
  clearTimeout(timer);
  const durationMs = Date.now() - started;
  if (timedOut) {
    return {
      ok: false,
      requestId,
      errorType: 'Sandbox.Timedout',
      errorMessage: `Task timed out after ${fn.timeoutSeconds}.00 seconds`,
      stackTrace: [],
      logs,
      durationMs,
    };
  }
  const parsed = parseReport(report);
  const facts = {
    requestId,
    logs,
    durationMs,
    requireMs: parsed?.requireMs,
    nativeModules: parsed?.nativeModules,
  };
  if (parsed?.ok === true) return { ...facts, ok: true, result: parsed.result };
  if (parsed?.ok === false) {
    const { errorType, errorMessage, stackTrace, errorCode, failureCodes } = parsed;
    return { ...facts, ok: false, errorType, errorMessage, stackTrace, errorCode, failureCodes };
  }
  return {
    ok: false,
    requestId,
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with code ${exitCode}`,
    stackTrace: [],
    logs,
    durationMs,
  };
}

/** What a runtime entry script reports for one invocation: the handler's result, or its error as Lambda shapes it. */
export type HandlerAnswer =
  | { ok: true; result: unknown }
  | {
      ok: false;
      errorType: string;
      errorMessage: string;
      stackTrace: string[];
      errorCode?: string;
      failureCodes?: (string | undefined)[];
    };

type Report = { requireMs?: number; nativeModules?: string[] } & HandlerAnswer;

function parseReport(text: string): Report | undefined {
  const line = text.trim().split('\n').pop();
  if (line === undefined || line === '') return undefined;
  try {
    return JSON.parse(line) as Report;
  } catch {
    return undefined;
  }
}

/** The JSON objects among a function's log lines (structured logs); other lines are left out. */
export function jsonLogLines(lines: readonly string[]): Record<string, unknown>[] {
  return lines.flatMap((line): Record<string, unknown>[] => {
    if (!line.startsWith('{')) return [];
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : [];
    } catch {
      return []; // not a JSON log line (e.g. a runtime warning)
    }
  });
}
